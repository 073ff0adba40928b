/** The post's GPIO lines through Pi4J (gpiod on a Pi, the mock plugin in simulation): the only Pi4J user. */
package id.kentongan.hardware;
