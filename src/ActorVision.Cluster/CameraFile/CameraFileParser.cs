using System.Text.RegularExpressions;
using Akka.Configuration;
using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;
using Google.Protobuf;
using ActorVision.Cluster.Configuration;
using ActorVision.Protocol.Mapping;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Cluster.CameraFile;

/// <summary>
/// Reads a camera file: a HOCON object <c>cameras</c> whose keys are camera ids and whose values are the API's
/// CameraSpec written in HOCON (see hocon/example-cameras.conf), plus <c>start</c> per camera. Each camera becomes
/// protobuf JSON (<see cref="HoconToProtoJson"/>), is parsed strictly by Google.Protobuf's JsonParser, mapped to the
/// domain like an API request, and validated like one. Any error rejects the whole file.
/// </summary>
public static partial class CameraFileParser
{
    private const string StartKey = "start";
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <param name="text">The file's content.</param>
    /// <param name="context">What validating a camera needs: the model catalog's classes, the node's defaults, where relative paths start.</param>
    /// <param name="errors">Every problem found, with its path in the file (<c>cameras.entrance.analysis-fps</c>).</param>
    /// <param name="environment">Values of the file's <c># env VAR</c> declarations (as in the node's configuration); null: the process environment.</param>
    public static IReadOnlyList<CameraFileEntry> Parse(string text, CameraFileContext context, List<FieldError> errors, Func<string, string?>? environment = null)
    {
        if (HoconBrackets.Check(text) is { } unbalanced)
        {
            errors.Add(new FieldError("", $"not valid HOCON: {unbalanced}"));
            return [];
        }
        Config config;
        try
        {
            // Appended, the overrides win, and substitutions such as ${rtsp-server} in the file see them.
            config = ConfigurationFactory.ParseString(text + "\n" + HoconFiles.EnvironmentOverrides(text, environment ?? Environment.GetEnvironmentVariable));
        }
        catch (Exception ex)
        {
            errors.Add(new FieldError("", $"not valid HOCON: {ex.Message}"));
            return [];
        }
        var root = config.Root;
        if (!root.IsObject() || !root.GetObject().Items.TryGetValue("cameras", out var cameras))
        {
            errors.Add(new FieldError("cameras", "is missing: the file needs cameras { <id> { ... } } (an empty cameras {} removes every file camera)"));
            return [];
        }
        if (!cameras.IsObject())
        {
            errors.Add(new FieldError("cameras", "must be an object whose keys are camera ids"));
            return [];
        }
        var entries = new List<CameraFileEntry>();
        foreach (var (id, value) in cameras.GetObject().Items)
        {
            var path = "cameras." + id;
            if (!CameraSpecValidator.IsValidId(id))
            {
                errors.Add(new FieldError(path, $"'{id}' is not a valid camera id: use 1-64 lower-case letters, digits, '-' or '_'"));
                continue;
            }
            if (!value.IsObject())
            {
                errors.Add(new FieldError(path, "must be an object { source-url = ..., models = [...] }"));
                continue;
            }
            if (Entry(id, value.GetObject(), path, context, errors) is { } entry) entries.Add(entry);
        }
        return errors.Count == 0 ? entries : [];
    }

    private static CameraFileEntry? Entry(string id, Akka.Configuration.Hocon.HoconObject camera, string path, CameraFileContext context, List<FieldError> errors)
    {
        var before = errors.Count;
        var start = true;
        if (camera.Items.TryGetValue(StartKey, out var startValue))
        {
            try
            {
                start = HoconToProtoJson.Boolean(startValue.GetString());
            }
            catch (Exception ex) when (ex is FormatException or InvalidOperationException or NotSupportedException or ConfigurationException)
            {
                errors.Add(new FieldError(path + "." + StartKey, "must be true or false (on/off, yes/no)"));
            }
        }
        var json = HoconToProtoJson.Convert(camera, V1.CameraSpec.Descriptor, path, errors, new HashSet<string> { StartKey });
        if (errors.Count > before) return null;

        V1.CameraSpec proto;
        try
        {
            proto = Json.Parse<V1.CameraSpec>(json.ToJsonString());
        }
        catch (InvalidProtocolBufferException ex)
        {
            errors.Add(new FieldError(path, ex.Message));
            return null;
        }
        if (proto.Id.Length > 0 && proto.Id != id)
        {
            errors.Add(new FieldError(path + ".id", $"'{proto.Id}' differs from the key '{id}': leave id out, the key is the id"));
            return null;
        }
        proto.Id = id;
        proto.SourceUrl = context.ResolveSource(proto.SourceUrl);

        var specErrors = new List<FieldError>();
        var spec = CameraSpecMapping.FromProto(proto, specErrors, context.DefaultAnalysisFps);
        if (specErrors.Count == 0) specErrors.AddRange(context.Validate(spec));
        errors.AddRange(specErrors.Select(e => e with { Path = path + "." + KebabPath(e.Path) }));
        return specErrors.Count == 0 ? new CameraFileEntry(spec, start) : null;
    }

    /// <summary>The validator names fields as the API's JSON does (<c>rules[2].lineCrossing</c>); the file spells them in kebab-case.</summary>
    private static string KebabPath(string path) => UpperLetter().Replace(path, m => "-" + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperLetter();
}
