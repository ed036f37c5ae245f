package org.opensbc.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The lines of the session part or of one media part, in order. Lines the relay does not
 * understand are kept as they are; the accessors below cover what it rewrites.
 */
public abstract sealed class SdpSection permits SessionDescription, MediaDescription {

    /** Line types in the order RFC 8866 section 5 requires, for inserting a missing line. */
    private final String order;
    protected final List<SdpLine> lines = new ArrayList<>();

    SdpSection(String order) {
        this.order = order;
    }

    public List<SdpLine> lines() {
        return List.copyOf(lines);
    }

    /** The first line of this type. */
    public Optional<String> value(char type) {
        for (SdpLine line : lines) {
            if (line.type() == type) {
                return Optional.of(line.value());
            }
        }
        return Optional.empty();
    }

    /** Replaces the first line of this type, or inserts it where the order says. */
    public void set(char type, String value) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).type() == type) {
                lines.set(i, new SdpLine(type, value));
                return;
            }
        }
        int rank = order.indexOf(type);
        int at = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            if (order.indexOf(lines.get(i).type()) > rank) {
                at = i;
                break;
            }
        }
        lines.add(at, new SdpLine(type, value));
    }

    public void remove(char type) {
        lines.removeIf(line -> line.type() == type);
    }

    /** Values of {@code a=name:value} (or "" for a flag {@code a=name}), in order. */
    public List<String> attributes(String name) {
        List<String> values = new ArrayList<>();
        for (SdpLine line : lines) {
            if (line.type() == 'a' && nameOf(line.value()).equalsIgnoreCase(name)) {
                values.add(valueOf(line.value()));
            }
        }
        return values;
    }

    public Optional<String> attribute(String name) {
        List<String> values = attributes(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /** Removes every attribute whose name (lower case) matches. */
    public void removeAttributes(Predicate<String> names) {
        lines.removeIf(line -> line.type() == 'a' && names.test(nameOf(line.value()).toLowerCase()));
    }

    public void removeAttribute(String name) {
        removeAttributes(name.toLowerCase()::equals);
    }

    /** Appends {@code a=name:value}, or the flag {@code a=name} when value is null. */
    public void addAttribute(String name, String value) {
        lines.add(new SdpLine('a', value == null ? name : name + ":" + value));
    }

    /** Replaces the first {@code a=name} or appends it. */
    public void setAttribute(String name, String value) {
        String text = value == null ? name : name + ":" + value;
        for (int i = 0; i < lines.size(); i++) {
            SdpLine line = lines.get(i);
            if (line.type() == 'a' && nameOf(line.value()).equalsIgnoreCase(name)) {
                lines.set(i, new SdpLine('a', text));
                return;
            }
        }
        lines.add(new SdpLine('a', text));
    }

    /** The connection address of a {@code c=IN IP4 addr} line, if any. */
    public Optional<String> connectionAddress() {
        return value('c').map(c -> {
            String[] parts = c.trim().split("\\s+");
            String address = parts.length == 3 ? parts[2] : "";
            int ttl = address.indexOf('/');
            return ttl < 0 ? address : address.substring(0, ttl);
        });
    }

    void append(SdpLine line) {
        lines.add(line);
    }

    static String nameOf(String attribute) {
        int colon = attribute.indexOf(':');
        return colon < 0 ? attribute : attribute.substring(0, colon);
    }

    static String valueOf(String attribute) {
        int colon = attribute.indexOf(':');
        return colon < 0 ? "" : attribute.substring(colon + 1);
    }

    void writeTo(StringBuilder out) {
        for (SdpLine line : lines) {
            out.append(line.type()).append('=').append(line.value()).append("\r\n");
        }
    }
}
