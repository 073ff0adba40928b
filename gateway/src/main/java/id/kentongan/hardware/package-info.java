/**
 * The Raspberry Pi itself: the post's GPIO lines through Pi4J (gpiod on a Pi, the mock plugin in
 * simulation; {@link id.kentongan.hardware.Gpio} is the only Pi4J user), and the boot configuration the
 * firmware applies before the gateway runs ({@link id.kentongan.hardware.BootConfig},
 * {@link id.kentongan.hardware.ConfigTxt}).
 */
package id.kentongan.hardware;
