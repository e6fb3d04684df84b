package io.orderhook.bench;

/** Order bodies as WooCommerce sends them, of a chosen size, for the benchmarks. */
public final class BenchBodies {
    private BenchBodies() {}

    /** An order with {@code lines} product lines (300 lines is a large order: about 150 KB). */
    public static String order(int lines) {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            rows.append(i == 1 ? "" : ",").append("{\"id\":").append(1000 + i)
                    .append(",\"name\":\"Produkt nummer ").append(i).append("\",\"product_id\":").append(i)
                    .append(",\"variation_id\":0,\"quantity\":").append(1 + i % 3)
                    .append(",\"tax_class\":\"\",\"subtotal\":\"80.00\",\"subtotal_tax\":\"20.00\",\"total\":\"80.00\",")
                    .append("\"total_tax\":\"20.00\",\"taxes\":[{\"id\":1,\"total\":\"20\",\"subtotal\":\"20\"}],")
                    .append("\"meta_data\":[{\"id\":").append(5000 + i).append(",\"key\":\"_reduced_stock\",\"value\":\"1\"}],")
                    .append("\"sku\":\"SKU-").append(i).append("\",\"price\":80,\"image\":{\"id\":\"\",\"src\":\"\"},\"parent_name\":null}");
        }
        return "{\"id\":1,\"status\":\"processing\",\"date_modified_gmt\":\"2024-05-03T06:30:00\",\"line_items\":[" + rows + "]}";
    }

}
