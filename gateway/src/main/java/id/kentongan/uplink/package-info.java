/**
 * MQTT: the {@link id.kentongan.uplink.Publisher} that delivers every event at QoS 1 and marks it
 * delivered on PUBACK, the topic scheme, the command centre's {@link id.kentongan.uplink.Watcher},
 * and the embedded broker for simulation. The only user of Paho and Moquette.
 */
package id.kentongan.uplink;
