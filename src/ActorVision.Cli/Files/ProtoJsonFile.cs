using System.Text.Json;
using ActorVision.Cli.Errors;
using Google.Protobuf;

namespace ActorVision.Cli.Files;

/// <summary>
/// Reads a protobuf message from a JSON file (protobuf's JSON mapping, unknown fields rejected). Every error
/// names the file and, for syntax errors, the line and column, so an operator can fix it without guessing.
/// </summary>
public static class ProtoJsonFile
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <param name="kind">What the file is, for messages: "rules file", "camera spec".</param>
    public static T Load<T>(string path, string kind) where T : IMessage<T>, new()
    {
        var text = Read(path, kind);
        return Parse<T>(text, $"{kind} '{path}'");
    }

    /// <param name="origin">Names the source in messages, e.g. "rules file 'door.json'".</param>
    public static T Parse<T>(string text, string origin) where T : IMessage<T>, new()
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new UsageException($"{origin}: the file is empty");
        CheckSyntax(text, origin);
        try
        {
            return Parser.Parse<T>(text);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new UsageException($"{origin}: {Explain(e.Message)}");
        }
        catch (InvalidJsonException e)
        {
            throw new UsageException($"{origin}: {Explain(e.Message)}");
        }
        catch (FormatException e)
        {
            // Durations ("30s"), timestamps and numbers in the wrong shape land here.
            throw new UsageException($"{origin}: {Explain(e.Message)}");
        }
    }

    private static string Read(string path, string kind)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"{kind} '{path}': no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{kind} '{path}': cannot read it: {e.Message}");
        }
    }

    /// <summary>System.Text.Json knows where a syntax error is; protobuf's parser does not say.</summary>
    private static void CheckSyntax(string text, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"{origin}: expected a JSON object at the top, found {Describe(document.RootElement.ValueKind)}");
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new UsageException($"{origin}: not valid JSON at line {line}, column {column}: {reason}");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Explain(string message)
    {
        if (message.StartsWith("Unknown field:", StringComparison.Ordinal))
            return $"{message} (field names are lowerCamelCase as in the .proto's JSON mapping, e.g. \"lineCrossing\", \"minConfidence\")";
        var enumType = message.LastIndexOf("for enum type: ", StringComparison.Ordinal);
        if (enumType >= 0 && EnumValues(message[(enumType + "for enum type: ".Length)..].Trim()) is { } values)
            return $"{message} (one of {values})";
        return message;
    }

    private static string? EnumValues(string fullName)
    {
        var name = fullName[(fullName.LastIndexOf('.') + 1)..];
        var descriptor = new[] { Protocol.V1.CommonReflection.Descriptor, Protocol.V1.CamerasReflection.Descriptor, Protocol.V1.JobsReflection.Descriptor }
            .Select(file => file.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>(name))
            .FirstOrDefault(d => d is not null && d.FullName == fullName);
        return descriptor is null ? null : string.Join(", ", descriptor.Values.Select(v => v.Name));
    }
}
