using ActorVision.Common;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorVision.Cli.Cameras;

/// <summary>
/// Whether a stored message holds every value a request set. The node fills defaults and redacts URLs,
/// so plain equality would call our own earlier add "someone else's camera".
/// </summary>
public static class SpecCoverage
{
    public static bool Covers(IMessage requested, IMessage stored)
    {
        if (requested.Descriptor != stored.Descriptor)
            return false;
        foreach (var field in requested.Descriptor.Fields.InFieldNumberOrder())
        {
            var wanted = field.Accessor.GetValue(requested);
            var actual = field.Accessor.GetValue(stored);
            if (IsUnset(field, wanted))
                continue;
            if (!Same(field, wanted, actual))
                return false;
        }
        return true;
    }

    private static bool Same(FieldDescriptor field, object wanted, object? actual)
    {
        if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap)
            return actual is IMessage a && Covers((IMessage)wanted, a);
        if (field.FieldType == FieldType.String && !field.IsRepeated && field.Name.EndsWith("url", StringComparison.Ordinal))
            return UrlRedaction.WithoutCredentials((string)wanted) == UrlRedaction.WithoutCredentials(actual as string);
        return Equals(wanted, actual);
    }

    private static bool IsUnset(FieldDescriptor field, object? value) => value switch
    {
        null => true,
        System.Collections.ICollection c => c.Count == 0,
        string s => s.Length == 0,
        bool b => !b,
        int i => i == 0,
        long l => l == 0,
        float f => f == 0,
        double d => d == 0,
        Enum e => Convert.ToInt32(e, System.Globalization.CultureInfo.InvariantCulture) == 0,
        ByteString bytes => bytes.IsEmpty,
        _ => field.FieldType != FieldType.Message && Equals(value, 0),
    };
}
