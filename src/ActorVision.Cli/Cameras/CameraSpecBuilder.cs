using System.Text.RegularExpressions;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Files;
using ActorVision.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace ActorVision.Cli.Cameras;

/// <summary>
/// Builds the request of `camera add` and `camera update` from flags, a --spec file, or both (flags win).
/// An update from flags alone sends a field mask of just those fields, so it never resends (and so never
/// overwrites with) the redacted source URL the node shows.
/// </summary>
public static partial class CameraSpecBuilder
{
    public static AddCameraRequest ForAdd(CameraFlags flags, bool start, bool force = false)
    {
        var spec = Build(flags, out _);
        if (string.IsNullOrEmpty(spec.SourceUrl))
            throw new UsageException("camera add needs --url (or a --spec file with \"sourceUrl\")");
        if (force && !start)
            throw new UsageException("--force goes with --start: a camera that does not start takes no capacity");
        return new AddCameraRequest { Spec = spec, Start = start, Force = force };
    }

    public static UpdateCameraRequest ForUpdate(CameraFlags flags)
    {
        var spec = Build(flags, out var paths);
        if (flags.SpecFile is not null)
            return new UpdateCameraRequest { Spec = spec };   // the file is the whole new spec
        if (paths.Count == 0)
            throw new UsageException("camera update: nothing to change: give at least one flag (e.g. --fps 10) or --spec <file>");
        var mask = new FieldMask();
        mask.Paths.AddRange(paths);
        return new UpdateCameraRequest { Spec = spec, UpdateMask = mask };
    }

    /// <summary>[a-z0-9][a-z0-9_-]{0,63}: safe in URLs, file names, metric labels and MQTT topics.</summary>
    public static void CheckId(string id)
    {
        if (!IdPattern().IsMatch(id))
            throw new UsageException($"camera id '{id}' is not valid: use 1-64 of a-z, 0-9, '_' and '-', starting with a letter or digit");
    }

    private static CameraSpec Build(CameraFlags flags, out List<string> paths)
    {
        var spec = flags.SpecFile is null ? new CameraSpec() : CameraSpecFile.Load(flags.SpecFile);
        if (flags.Id is not null && spec.Id.Length > 0 && spec.Id != flags.Id)
            throw new UsageException($"camera id '{flags.Id}' differs from \"id\": \"{spec.Id}\" in {flags.SpecFile}");
        spec.Id = flags.Id ?? spec.Id;
        if (spec.Id.Length == 0)
            throw new UsageException("a camera id is needed: give it as the first argument or as \"id\" in the --spec file");
        CheckId(spec.Id);

        var changed = new List<string>();
        void Set<T>(T? value, string path, Action<T> apply) where T : struct
        {
            if (value is { } v) { apply(v); changed.Add(path); }
        }
        void SetText(string? value, string path, Action<string> apply)
        {
            if (value is not null) { apply(value); changed.Add(path); }
        }

        SetText(flags.Url, "source_url", v => spec.SourceUrl = v);
        SetText(flags.Name, "name", v => spec.Name = v);
        if (flags.Models.Count > 0)
        {
            spec.Models.Clear();
            spec.Models.AddRange(flags.Models);
            changed.Add("models");
        }
        SetText(flags.Mode, "mode", v => spec.Mode = ParseMode(v));
        SetText(flags.Transport, "rtsp_transport", v => spec.RtspTransport = v);
        Set(flags.Fps, "analysis_fps", v => spec.AnalysisFps = v);
        Set(flags.Width, "analysis_width", v => spec.AnalysisWidth = v);
        Set(flags.Height, "analysis_height", v => spec.AnalysisHeight = v);
        SetText(flags.Device, "device", v => spec.Device = v);
        if (flags.RulesFile is not null)
        {
            spec.Rules.Clear();
            spec.Rules.AddRange(Files.RulesFile.Load(flags.RulesFile));
            changed.Add("rules");
        }
        CameraOutputs Outputs() => spec.Outputs ??= new CameraOutputs();
        SetText(flags.Hls, "outputs.hls_folder", v => Outputs().HlsFolder = v);
        SetText(flags.Mp4, "outputs.mp4_path", v => Outputs().Mp4Path = v);
        SetText(flags.RtspPublish, "outputs.rtsp_publish_url", v => Outputs().RtspPublishUrl = v);
        Set(flags.Snapshots, "outputs.snapshots", v => Outputs().Snapshots = v);
        Set(flags.Loop, "loop", v => spec.Loop = v);
        paths = changed;
        return spec;
    }

    private static SourceMode ParseMode(string mode) => mode.ToLowerInvariant() switch
    {
        "live" => SourceMode.Live,
        "file" => SourceMode.File,
        _ => throw new UsageException($"--mode '{mode}' is not live or file"),
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();
}
