package io.cjp2p.loadtest.eclipse;

import java.net.InetSocketAddress;
import java.util.List;

/** How many addresses of a list are the attacker's, the honest sources' and others'. */
record OriginCounts(int attacker, int honest, int other) {
    static OriginCounts of(AddressPlan plan, List<InetSocketAddress> addresses) {
        int a = 0;
        int h = 0;
        int o = 0;
        for (InetSocketAddress address : addresses) {
            switch (plan.origin(address)) {
                case ATTACKER -> a++;
                case HONEST -> h++;
                case OTHER -> o++;
            }
        }
        return new OriginCounts(a, h, o);
    }

    int total() {
        return attacker + honest + other;
    }
}
