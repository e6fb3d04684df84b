package io.orderhook.shop;

import java.util.List;
import java.util.Set;

import io.orderhook.credit.CreditSettings;
import io.orderhook.fraud.FraudSettings;

/**
 * The merchant's order-management settings, as the Billmate plugin has them and a bit more.
 *
 * @param orderManagementEnabled "Enable Order Management": off means orderhook records webhooks but calls nobody
 * @param debugLog               "Order Management Debug Log": write request/response logs (redacted) to the table
 * @param debugLogTtlDays        how long debug-log items live
 * @param paymentMethods         the shop's payment method ids that are ours ("bco", "billmate_invoice", ...)
 * @param captureStatus          the status that means "capture now" (default "completed"; e.g. "shipped")
 * @param failureStatus          the status orderhook sets when an activate or cancel is refused (default "on-hold")
 * @param autoUpdate             send changed lines to the provider while the reservation allows it
 * @param paymentNumberFields    where the order keeps the provider's payment number, first found wins:
 *                               {@code transaction_id} or an order meta key
 * @param capture                what triggers a capture (status, request or either) and the authorisation-expiry warnings
 * @param providers              the provider account of each payment method that does not use the shop's own
 * @param declines               soft and hard declines, retries, over-collection and the pay-another-way note
 * @param sweep                  how the sweep watches the shop's order list and webhook
 * @param credit                 credit ordering: the payment methods whose orders wait for a credit check
 * @param fraud                  fraud screening with MaxMind minFraud
 */
public record ShopSettings(
        boolean orderManagementEnabled,
        boolean debugLog,
        int debugLogTtlDays,
        Set<String> paymentMethods,
        String captureStatus,
        String failureStatus,
        boolean autoUpdate,
        List<String> paymentNumberFields,
        CaptureSettings capture,
        ProviderSettings providers,
        DeclineSettings declines,
        SweepSettings sweep,
        CreditSettings credit,
        FraudSettings fraud) {

    /** Billmate Checkout's, WooCommerce's and the older Billmate plugin's places, in that order. */
    public static final List<String> DEFAULT_PAYMENT_NUMBER_FIELDS =
            List.of("transaction_id", "_billmate_transaction_id", "billmate_invoice_id");

    public ShopSettings {
        paymentMethods = Set.copyOf(paymentMethods);
        paymentNumberFields = paymentNumberFields == null || paymentNumberFields.isEmpty()
                ? DEFAULT_PAYMENT_NUMBER_FIELDS : List.copyOf(paymentNumberFields);
        capture = capture == null ? CaptureSettings.defaults() : capture;
        providers = providers == null ? ProviderSettings.defaults() : providers;
        declines = declines == null ? DeclineSettings.defaults() : declines;
        sweep = sweep == null ? SweepSettings.defaults() : sweep;
        credit = credit == null ? CreditSettings.defaults() : credit;
        fraud = fraud == null ? FraudSettings.defaults() : fraud;
    }

    public ShopSettings(boolean orderManagementEnabled, boolean debugLog, int debugLogTtlDays, Set<String> paymentMethods,
            String captureStatus, String failureStatus, boolean autoUpdate, List<String> paymentNumberFields,
            CaptureSettings capture, ProviderSettings providers, DeclineSettings declines, SweepSettings sweep) {
        this(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus, failureStatus, autoUpdate,
                paymentNumberFields, capture, providers, declines, sweep, CreditSettings.defaults(),
                FraudSettings.defaults());
    }

    public ShopSettings(boolean orderManagementEnabled, boolean debugLog, int debugLogTtlDays, Set<String> paymentMethods,
            String captureStatus, String failureStatus, boolean autoUpdate, List<String> paymentNumberFields) {
        this(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus, failureStatus, autoUpdate,
                paymentNumberFields, CaptureSettings.defaults(), ProviderSettings.defaults(), DeclineSettings.defaults(),
                SweepSettings.defaults());
    }

    public ShopSettings(boolean orderManagementEnabled, boolean debugLog, int debugLogTtlDays, Set<String> paymentMethods,
            String captureStatus, String failureStatus, boolean autoUpdate) {
        this(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus, failureStatus, autoUpdate,
                DEFAULT_PAYMENT_NUMBER_FIELDS);
    }

    public static ShopSettings defaults() {
        return new ShopSettings(true, false, 14, Set.of("bco"), "completed", "on-hold", true);
    }

    public ShopSettings withOrderManagement(boolean enabled) {
        return new ShopSettings(enabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus, failureStatus, autoUpdate,
                paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withDebugLog(boolean on) {
        return new ShopSettings(orderManagementEnabled, on, debugLogTtlDays, paymentMethods, captureStatus, failureStatus,
                autoUpdate, paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withDebugLogTtlDays(int days) {
        return new ShopSettings(orderManagementEnabled, debugLog, days, paymentMethods, captureStatus, failureStatus,
                autoUpdate, paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withPaymentMethods(Set<String> methods) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, methods, captureStatus, failureStatus,
                autoUpdate, paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withCaptureStatus(String status) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, status, failureStatus,
                autoUpdate, paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withFailureStatus(String status) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus, status,
                autoUpdate, paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withAutoUpdate(boolean on) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, on, paymentNumberFields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withPaymentNumberFields(List<String> fields) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, fields, capture, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withCapture(CaptureSettings c) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, paymentNumberFields, c, providers, declines, sweep, credit, fraud);
    }

    public ShopSettings withProviders(ProviderSettings routes) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, paymentNumberFields, capture, routes, declines, sweep, credit, fraud);
    }

    public ShopSettings withDeclines(DeclineSettings changed) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, paymentNumberFields, capture, providers, changed, sweep, credit, fraud);
    }

    public ShopSettings withSweep(SweepSettings settings) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, paymentNumberFields, capture, providers, declines, settings, credit, fraud);
    }

    public ShopSettings withCredit(CreditSettings changed) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, paymentNumberFields, capture, providers, declines, sweep, changed, fraud);
    }

    public ShopSettings withFraud(FraudSettings settings) {
        return new ShopSettings(orderManagementEnabled, debugLog, debugLogTtlDays, paymentMethods, captureStatus,
                failureStatus, autoUpdate, paymentNumberFields, capture, providers, declines, sweep, credit, settings);
    }
}
