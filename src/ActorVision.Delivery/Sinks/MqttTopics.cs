using ActorVision.Core.Events;

namespace ActorVision.Delivery.Sinks;

/// <summary>
/// Topic of an event: <c>&lt;prefix&gt;/&lt;camera&gt;/&lt;rule&gt;</c>, so subscribers pick cameras and rules with
/// MQTT's wildcards (<c>actorvision/events/lobby/#</c>, <c>actorvision/events/+/door</c>). Characters that MQTT
/// gives a meaning in topics ('/', '+', '#') cannot come from camera and rule ids, whose validation forbids them;
/// should one appear anyway it becomes '_' rather than change the topic's shape.
/// </summary>
public static class MqttTopics
{
    public static string For(string prefix, AnalyticsEvent e) => $"{prefix}/{Level(e.CameraId)}/{Level(e.RuleId)}";

    private static string Level(string value)
    {
        if (value.Length == 0) return "_";
        return value.AsSpan().IndexOfAny("/+#\0") < 0 ? value : string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = source[i] is '/' or '+' or '#' or '\0' ? '_' : source[i];
        });
    }
}
