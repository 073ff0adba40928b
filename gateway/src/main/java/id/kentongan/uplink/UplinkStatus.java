package id.kentongan.uplink;

import id.kentongan.alert.Priority;

import java.util.List;
import java.util.Map;

/**
 * The uplink as the status command shows it; made on the {@code kentongan-uplink} thread, immutable.
 *
 * @param queued events in memory awaiting a send, per class (the journal may owe more)
 * @param oversizedPackets MQTT packets over {@link PacketLimit#MAX_PACKET_BYTES} that the broker sent,
 *                         by what became of them (payload dropped, connection closed)
 * @param sideDropped messages beside the events that gave way in the full side queue, by kind
 *                    ({@code message}, {@code escalation}; see {@link SideQueue})
 * @param subscriptionRefused the command topics the broker's SUBACK refused on this connection, or "":
 *                            while not empty, the centre cannot command the post
 */
public record UplinkStatus(boolean connected, String broker, List<String> brokers, Map<Priority, Integer> queued,
                           int inFlight, long published, long acked, long reconnects, String lastError,
                           Map<String, Long> commandsRefused, Map<String, Long> oversizedPackets,
                           Map<String, Long> sideDropped, String subscriptionRefused) {
}
