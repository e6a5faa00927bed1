using Google.Protobuf;

namespace ActorVision.Cli.Output;

/// <summary>
/// JSON in protobuf's canonical mapping (lowerCamel names, enum names, int64 as strings). Default values are
/// written too, so every field is always present and scripts need not guess.
/// </summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Indented =
        new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());
    private static readonly JsonFormatter Compact =
        new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    /// <summary>One document, indented, for a command's single answer.</summary>
    public static string Document(IMessage message) => Indented.Format(message);

    /// <summary>One line, for JSON-lines streams such as events tail.</summary>
    public static string Line(IMessage message) => Compact.Format(message);
}
