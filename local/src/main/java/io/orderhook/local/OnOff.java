package io.orderhook.local;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The value of a switch option such as {@code --debug-log on}: on or off (true/false and yes/no are taken too). */
final class OnOff implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
        return switch (value) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new TypeConversionException("takes on or off, not '" + value + "'");
        };
    }
}
