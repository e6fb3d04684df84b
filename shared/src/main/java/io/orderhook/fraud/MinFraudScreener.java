package io.orderhook.fraud;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.maxmind.minfraud.WebServiceClient;
import com.maxmind.minfraud.exception.InsufficientFundsException;
import com.maxmind.minfraud.exception.MinFraudException;
import com.maxmind.minfraud.request.Transaction;
import com.maxmind.minfraud.response.FactorsResponse;
import com.maxmind.minfraud.response.Subscores;
import com.maxmind.minfraud.response.Warning;

import io.orderhook.secrets.SecretResolver;

/**
 * minFraud's Factors service through MaxMind's official Java client: the risk score, the IP's
 * risk, and the subscores as the reasons (Factors is the service that says what weighed). Every
 * failure is {@link FraudScreener.Unavailable}: the screening waits and is tried again, and the
 * payment work never waits for it. One client per endpoint and account, built on first use.
 */
public final class MinFraudScreener implements FraudScreener {
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 5_000;
    /** Reasons kept: the strongest subscores. */
    private static final int REASONS = 3;

    private final SecretResolver secrets;
    private final Map<String, WebServiceClient> clients = new ConcurrentHashMap<>();

    public MinFraudScreener(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public Outcome screen(FraudSettings settings, Transaction transaction) {
        FactorsResponse answer;
        try {
            answer = client(settings).factors(transaction);
        } catch (InsufficientFundsException e) {
            return new Unavailable("minFraud: the MaxMind account is out of funds (402 INSUFFICIENT_FUNDS)");
        } catch (MinFraudException e) {
            return new Unavailable("minFraud refused the request: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Unavailable("minFraud could not be reached or failed: " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
        double ipRisk = answer.getIpAddress() != null && answer.getIpAddress().getRisk() != null
                ? answer.getIpAddress().getRisk() : 0;
        List<String> warnings = new ArrayList<>();
        for (Warning w : answer.getWarnings()) {
            warnings.add(w.getCode() + (w.getInputPointer() == null ? "" : " " + w.getInputPointer()));
        }
        return new Scored(answer.getRiskScore() == null ? 0 : answer.getRiskScore(), ipRisk, reasons(answer.getSubscores()),
                warnings, answer.getId() == null ? "" : answer.getId().toString());
    }

    private static List<String> reasons(Subscores s) {
        if (s == null) {
            return List.of();
        }
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("ip_tenure", s.getIpTenure());
        all.put("order_amount", s.getOrderAmount());
        all.put("email_address", s.getEmailAddress());
        all.put("email_domain", s.getEmailDomain());
        all.put("email_tenure", s.getEmailTenure());
        all.put("billing_address", s.getBillingAddress());
        all.put("billing_address_distance_to_ip_location", s.getBillingAddressDistanceToIpLocation());
        all.put("shipping_address_distance_to_ip_location", s.getShippingAddressDistanceToIpLocation());
        all.put("country", s.getCountry());
        all.put("country_mismatch", s.getCountryMismatch());
        all.put("phone_number", s.getPhoneNumber());
        all.put("time_of_day", s.getTimeOfDay());
        return all.entrySet().stream().filter(e -> e.getValue() != null)
                .sorted(Comparator.comparing((Map.Entry<String, Double> e) -> e.getValue()).reversed())
                .limit(REASONS).map(e -> e.getKey() + " " + e.getValue()).toList();
    }

    private WebServiceClient client(FraudSettings settings) {
        String key = secrets.resolve(settings.licenseKeyRef());
        return clients.computeIfAbsent(settings.endpoint() + "#" + settings.accountId() + "#" + key.hashCode(), k -> {
            URI endpoint = URI.create(settings.endpoint());
            WebServiceClient.Builder builder = new WebServiceClient.Builder(Integer.parseInt(settings.accountId()), key)
                    .host(endpoint.getHost()).connectTimeout(CONNECT_TIMEOUT_MS).readTimeout(READ_TIMEOUT_MS);
            if (endpoint.getPort() > 0) {
                builder.port(endpoint.getPort());
            }
            if ("http".equals(endpoint.getScheme())) {
                builder.disableHttps();
            }
            return builder.build();
        });
    }
}
