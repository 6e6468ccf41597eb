package io.cjp2p.node.cli;

import io.cjp2p.node.config.Bound;

import java.util.ListResourceBundle;

/**
 * The range of each numeric flag for {@code --help}, from {@link Bound}: an option's description
 * says {@code ${bundle:range.port}} and gets {@code 0..65535}.
 */
public final class HelpRanges extends ListResourceBundle {
    /** The key of a flag's range, e.g. {@code range.port} for {@code --port}. */
    static String key(Bound bound) {
        return "range." + bound.flag().substring(2);
    }

    @Override
    protected Object[][] getContents() {
        Bound[] bounds = Bound.values();
        Object[][] contents = new Object[bounds.length][];
        for (int i = 0; i < bounds.length; i++) {
            contents[i] = new Object[] {key(bounds[i]), bounds[i].range()};
        }
        return contents;
    }
}
