using ActorVision.Cli.Errors;
using ActorVision.Protocol.V1;
using Google.Protobuf;

namespace ActorVision.Cli.Files;

/// <summary>
/// A camera's rule set as JSON: {"rules": [{"id": "door", "lineCrossing": {...}}]}. Besides the syntax it checks
/// what an operator gets wrong before the node would say so: a missing or repeated id, a rule without a kind,
/// and points outside the normalised 0..1 frame (pixel coordinates by mistake).
/// </summary>
public static class RulesFile
{
    public const string Kind = "rules file";

    public static IReadOnlyList<Rule> Load(string path)
    {
        var set = ProtoJsonFile.Load<RuleSet>(path, Kind);
        Check(set.Rules, $"{Kind} '{path}'");
        return set.Rules;
    }

    public static IReadOnlyList<Rule> Parse(string json, string origin)
    {
        var set = ProtoJsonFile.Parse<RuleSet>(json, origin);
        Check(set.Rules, origin);
        return set.Rules;
    }

    /// <summary>Throws a <see cref="UsageException"/> naming the first faulty rule by index and id.</summary>
    public static void Check(IReadOnlyList<Rule> rules, string origin)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var name = string.IsNullOrEmpty(rule.Id) ? $"rules[{i}]" : $"rules[{i}] '{rule.Id}'";
            if (string.IsNullOrWhiteSpace(rule.Id))
                throw new UsageException($"{origin}: {name}: \"id\" is missing (events name their rule by it)");
            if (!seen.Add(rule.Id))
                throw new UsageException($"{origin}: {name}: id '{rule.Id}' is used by an earlier rule");
            if (rule.KindCase == Rule.KindOneofCase.None)
                throw new UsageException(
                    $"{origin}: {name}: no rule kind: give one of \"zone\", \"lineCrossing\", \"loitering\", \"occupancy\", \"stationaryObject\", \"cameraHealth\"");
            if (FirstPointOutsideFrame(rule) is { } point)
                throw new UsageException(
                    $"{origin}: {name}: point ({point.X}, {point.Y}) is outside the frame: coordinates are normalised to 0..1, not pixels");
        }
    }

    private static Point? FirstPointOutsideFrame(IMessage message)
    {
        if (message is Point p)
            return p.X is < 0 or > 1 || p.Y is < 0 or > 1 || !float.IsFinite(p.X) || !float.IsFinite(p.Y) ? p : null;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != Google.Protobuf.Reflection.FieldType.Message)
                continue;
            var value = field.Accessor.GetValue(message);
            var children = field.IsRepeated ? ((System.Collections.IEnumerable)value).OfType<IMessage>() : value is IMessage one ? [one] : [];
            foreach (var child in children)
                if (FirstPointOutsideFrame(child) is { } outside)
                    return outside;
        }
        return null;
    }
}
