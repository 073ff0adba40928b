package id.kentongan.dispatch;

import id.kentongan.alert.AlertKind;
import id.kentongan.alert.Event;

/**
 * A centre's alert, test or drill as this post reads it: what to sound, as what, where and for how
 * long. A real alert plays the pattern it names (titir if none), never the test pattern; a test or a
 * drill plays the test pattern, for the test's time limit. Immutable; made on the loop thread.
 *
 * @param zone the first of the order's zones that is the post's, or the post's own zone
 */
record CentreOrder(AlertKind kind, SirenPattern pattern, Event.CapStatus status, String zone, long maxNanos) {

    /**
     * Reads {@code c} (an alert, test or drill) against the post's centre settings.
     *
     * @return the order to sound, or {@code null} once {@code c} has been answered here: refused (no
     *         kind, an unknown pattern), or accepted as not for this post's zones
     */
    static CentreOrder read(Input.Command c, Site.Centre centre, String postZone) {
        if (c.kind() == null) {
            c.reply().rejected("'kind' is required");
            return null;
        }
        if (!c.zones().isEmpty() && c.zones().stream().noneMatch(centre.zones()::contains)) {
            c.reply().accepted("not for this post's zones " + centre.zones());
            return null;
        }
        boolean real = c.verb() == Input.Command.Verb.ALERT;
        SirenPattern pattern = real ? null : centre.testPattern();
        if (pattern == null) {
            pattern = centre.patterns().get(c.pattern() == null ? "titir" : c.pattern());
            if (pattern == null || pattern.equals(centre.testPattern())) {
                c.reply().rejected("unknown pattern '" + c.pattern() + "'");
                return null;
            }
        }
        Event.CapStatus status = switch (c.verb()) {
            case TEST -> Event.CapStatus.Test;
            case DRILL -> Event.CapStatus.Exercise;
            default -> Event.CapStatus.Actual;
        };
        String zone = c.zones().stream().filter(centre.zones()::contains).findFirst().orElse(postZone);
        return new CentreOrder(c.kind(), pattern, status, zone, real ? centre.alertMaxNanos() : centre.testMaxNanos());
    }

    /** The centre's answer once the order sounds as the alert {@code identifier}. */
    String answer(String identifier) {
        return (status == Event.CapStatus.Actual ? "sounding " : status + " sounding ") + pattern.name() + " as "
                + identifier;
    }
}
