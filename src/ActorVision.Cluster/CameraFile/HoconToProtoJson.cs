using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Configuration.Hocon;
using ActorVision.Core.Validation;
using Google.Protobuf.Reflection;

namespace ActorVision.Cluster.CameraFile;

/// <summary>
/// Turns a HOCON object into protobuf's JSON form of a message, guided by the message's descriptor, so a camera file
/// can be written the way operators write HOCON: keys in kebab-case, camelCase or snake_case; enums in their short
/// lower-case form (<c>mode = file</c>, <c>direction = in</c>); durations as HOCON durations (<c>30s</c>, <c>500ms</c>);
/// booleans as on/off; points as <c>{ x = 0.5, y = 0.2 }</c> or <c>[0.5, 0.2]</c>. Every leaf is typed from the
/// descriptor (HOCON itself only has strings), and an unknown key is an error naming its path.
/// </summary>
public static class HoconToProtoJson
{
    public static JsonObject Convert(HoconObject hocon, MessageDescriptor descriptor, string path, List<FieldError> errors, ISet<string>? ignoredKeys = null)
    {
        var json = new JsonObject();
        var fields = FieldsByKey(descriptor);
        foreach (var (key, value) in hocon.Items)
        {
            if (ignoredKeys?.Contains(key) == true) continue;
            var at = Join(path, key);
            if (!fields.TryGetValue(Normalise(key), out var field))
            {
                errors.Add(new FieldError(at, $"unknown key; {descriptor.Name} has {string.Join(", ", descriptor.Fields.InDeclarationOrder().Select(Kebab))}"));
                continue;
            }
            if (json.ContainsKey(field.JsonName))
            {
                errors.Add(new FieldError(at, $"'{Kebab(field)}' is given twice"));
                continue;
            }
            if (Field(value, field, at, errors) is { } node) json[field.JsonName] = node;
        }
        return json;
    }

    private static JsonNode? Field(HoconValue value, FieldDescriptor field, string path, List<FieldError> errors)
    {
        if (field.IsMap)
        {
            errors.Add(new FieldError(path, "maps are not supported in this file"));
            return null;
        }
        if (!field.IsRepeated) return Single(value, field, path, errors);
        if (!value.IsArray())
        {
            errors.Add(new FieldError(path, "must be a list, e.g. [a, b]"));
            return null;
        }
        var array = new JsonArray();
        var items = value.GetArray();
        for (var i = 0; i < items.Count; i++)
        {
            if (Single(items[i], field, $"{path}[{i}]", errors) is { } node) array.Add(node);
        }
        return array;
    }

    private static JsonNode? Single(HoconValue value, FieldDescriptor field, string path, List<FieldError> errors)
    {
        try
        {
            switch (field.FieldType)
            {
                case FieldType.Message when field.MessageType.FullName == "google.protobuf.Duration":
                    return JsonValue.Create(Duration(value.GetTimeSpan(allowInfinite: false)));
                case FieldType.Message when field.MessageType.FullName == "actorvision.v1.Point" && value.IsArray():
                    return Point(value, path, errors);
                case FieldType.Message:
                    if (!value.IsObject())
                    {
                        errors.Add(new FieldError(path, $"must be an object {{ ... }} ({field.MessageType.Name})"));
                        return null;
                    }
                    return Convert(value.GetObject(), field.MessageType, path, errors);
                case FieldType.Bool:
                    return Scalar(value, path, errors) is { } flag ? JsonValue.Create(Boolean(flag)) : null;
                case FieldType.String:
                    return JsonValue.Create(Scalar(value, path, errors));
                case FieldType.Enum:
                    return Enum(value, field.EnumType, path, errors);
                case FieldType.Float or FieldType.Double:
                    return Number(value, path, errors, double.Parse);
                case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                    return Number(value, path, errors, (s, style, culture) => int.Parse(s, style, culture));
                case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                    return Number(value, path, errors, (s, style, culture) => long.Parse(s, style, culture));
                default:
                    errors.Add(new FieldError(path, $"{field.FieldType} values are not supported in this file"));
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException or InvalidOperationException or NotSupportedException
                                       or Akka.Configuration.ConfigurationException)
        {
            errors.Add(new FieldError(path, Describe(field, ex)));
            return null;
        }
    }

    /// <summary>HOCON's spellings of a boolean: true/false, on/off, yes/no.</summary>
    public static bool Boolean(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => throw new FormatException($"'{text}' is not a boolean"),
    };

    private static JsonNode? Point(HoconValue value, string path, List<FieldError> errors)
    {
        var items = value.GetArray();
        if (items.Count != 2)
        {
            errors.Add(new FieldError(path, "a point is [x, y] or { x = .., y = .. }"));
            return null;
        }
        var x = Number(items[0], path, errors, double.Parse);
        var y = Number(items[1], path, errors, double.Parse);
        return x is null || y is null ? null : new JsonObject { ["x"] = x, ["y"] = y };
    }

    private static JsonNode? Enum(HoconValue value, EnumDescriptor type, string path, List<FieldError> errors)
    {
        var text = Scalar(value, path, errors);
        if (text is null) return null;
        var prefix = UpperSnake(type.Name) + "_";
        var wanted = text.Trim().Replace('-', '_').ToUpperInvariant();
        var match = type.Values.FirstOrDefault(v => v.Name == wanted || v.Name == prefix + wanted);
        if (match is not null) return JsonValue.Create(match.Name);
        var choices = type.Values.Select(v => (v.Name.StartsWith(prefix, StringComparison.Ordinal) ? v.Name[prefix.Length..] : v.Name).ToLowerInvariant().Replace('_', '-'))
            .Where(v => v != "unspecified");
        errors.Add(new FieldError(path, $"'{text}' is not one of {string.Join(", ", choices)}"));
        return null;
    }

    private static JsonNode? Number<T>(HoconValue value, string path, List<FieldError> errors, Func<string, NumberStyles, IFormatProvider, T> parse)
    {
        var text = Scalar(value, path, errors);
        if (text is null) return null;
        try
        {
            return JsonValue.Create(parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            errors.Add(new FieldError(path, $"'{text}' is not a number"));
            return null;
        }
    }

    private static string? Scalar(HoconValue value, string path, List<FieldError> errors)
    {
        if (value.IsObject() || value.IsArray())
        {
            errors.Add(new FieldError(path, "must be a single value, not an object or a list"));
            return null;
        }
        return value.GetString();
    }

    private static string Describe(FieldDescriptor field, Exception ex) => field.FieldType switch
    {
        FieldType.Bool => "must be true or false (on/off, yes/no)",
        FieldType.Message when field.MessageType.FullName == "google.protobuf.Duration" => "must be a duration such as 30s, 500ms or 2m",
        _ => ex.Message,
    };

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) throw new FormatException("must not be negative");
        return span.TotalSeconds.ToString("0.#########", CultureInfo.InvariantCulture) + "s";
    }

    private static Dictionary<string, FieldDescriptor> FieldsByKey(MessageDescriptor descriptor)
    {
        var fields = new Dictionary<string, FieldDescriptor>(StringComparer.Ordinal);
        foreach (var field in descriptor.Fields.InDeclarationOrder()) fields[Normalise(field.Name)] = field;
        return fields;
    }

    /// <summary>kebab-case, camelCase and snake_case keys all become the proto name.</summary>
    private static string Normalise(string key)
    {
        var snake = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            if (c == '-') snake.Append('_');
            else if (char.IsUpper(c)) snake.Append('_').Append(char.ToLowerInvariant(c));
            else snake.Append(c);
        }
        return snake.ToString();
    }

    /// <summary>How the file spells a field: its proto name in kebab-case.</summary>
    public static string Kebab(FieldDescriptor field) => field.Name.Replace('_', '-');

    private static string UpperSnake(string pascal)
    {
        var snake = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i])) snake.Append('_');
            snake.Append(char.ToUpperInvariant(pascal[i]));
        }
        return snake.ToString();
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
