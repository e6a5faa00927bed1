using System.CommandLine;
using ActorVision.Cli.Cameras;

namespace ActorVision.Cli.Commands;

/// <summary>The spec flags `camera add` and `camera update` share, and their parse-time checks.</summary>
public sealed class CameraOptions
{
    public Argument<string?> Id { get; } = new("camera")
    {
        Description = "Camera id: 1-64 of a-z, 0-9, '_', '-' (may come from --spec instead)",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public Option<string?> Spec { get; } = new("--spec") { Description = "A whole CameraSpec in protobuf JSON; flags override its fields", HelpName = "file.json" };
    public Option<string?> Url { get; } = new("--url") { Description = "Source: rtsp://, http(s):// or a file path", HelpName = "url" };
    public Option<string?> Name { get; } = new("--name") { Description = "Display name", HelpName = "text" };
    public Option<string[]> Models { get; } = new("--model")
    {
        Description = "Model name (repeatable: --model motion --model blazeface)",
        HelpName = "name",
        AllowMultipleArgumentsPerToken = false,
    };
    public Option<string?> Mode { get; } = new("--mode") { Description = "live (drops stale frames) or file (never drops)" };
    public Option<string?> Transport { get; } = new("--transport") { Description = "RTSP transport: tcp (default) or udp" };
    public Option<double?> Fps { get; } = new("--fps") { Description = "Frames analysed per second", HelpName = "rate" };
    public Option<int?> Width { get; } = new("--width") { Description = "Decode width (with --height); 0 keeps the source size", HelpName = "pixels" };
    public Option<int?> Height { get; } = new("--height") { Description = "Decode height (with --width)", HelpName = "pixels" };
    public Option<string?> Device { get; } = new("--device") { Description = "auto (least loaded), cpu, cuda:0, ...", HelpName = "device" };
    public Option<string?> Rules { get; } = new("--rules") { Description = "Rules file (JSON: {\"rules\": [...]})", HelpName = "file" };
    public Option<string?> Hls { get; } = new("--hls") { Description = "Folder for the annotated HLS stream", HelpName = "folder" };
    public Option<string?> Mp4 { get; } = new("--mp4") { Description = "Record the annotated stream to this MP4", HelpName = "path" };
    public Option<string?> RtspPublish { get; } = new("--rtsp-publish") { Description = "Publish the annotated stream (RTSP RECORD) to this URL", HelpName = "url" };
    public Option<bool?> Snapshots { get; } = new("--snapshots") { Description = "A JPEG per event (--snapshots false turns it off)", Arity = ArgumentArity.ZeroOrOne };
    public Option<bool?> Loop { get; } = new("--loop") { Description = "File mode: replay the file endlessly", Arity = ArgumentArity.ZeroOrOne };

    public CameraOptions()
    {
        Mode.AcceptOnlyFromAmong("live", "file");
        Transport.AcceptOnlyFromAmong("tcp", "udp");
        Fps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (v <= 0 || !double.IsFinite(v)))
                r.AddError($"--fps must be greater than 0 (got {v})");
        });
        foreach (var size in new[] { Width, Height })
            size.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() is < 0 or > 16384)
                    r.AddError($"{size.Name} must be between 0 and 16384");
            });
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Id);
        foreach (var option in new Option[] { Spec, Url, Name, Models, Mode, Transport, Fps, Width, Height, Device, Rules, Hls, Mp4, RtspPublish, Snapshots, Loop })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(Width) is null) != (result.GetResult(Height) is null))
                result.AddError("--width and --height go together");
            if (result.GetValue(Id) is null && result.GetResult(Spec) is null)
                result.AddError("give the camera id (or a --spec file with \"id\")");
        });
    }

    public CameraFlags Read(ParseResult parse) => new()
    {
        Id = parse.GetValue(Id),
        SpecFile = parse.GetValue(Spec),
        Url = parse.GetValue(Url),
        Name = parse.GetValue(Name),
        Models = parse.GetValue(Models) ?? [],
        Mode = parse.GetValue(Mode),
        Transport = parse.GetValue(Transport),
        Fps = parse.GetValue(Fps),
        Width = parse.GetValue(Width),
        Height = parse.GetValue(Height),
        Device = parse.GetValue(Device),
        RulesFile = parse.GetValue(Rules),
        Hls = parse.GetValue(Hls),
        Mp4 = parse.GetValue(Mp4),
        RtspPublish = parse.GetValue(RtspPublish),
        Snapshots = Flag(parse, Snapshots),
        Loop = Flag(parse, Loop),
    };

    /// <summary>A bare flag means true; absent means "not given" (null), so an update leaves it alone.</summary>
    private static bool? Flag(ParseResult parse, Option<bool?> option) =>
        parse.GetResult(option) is null ? null : parse.GetValue(option) ?? true;
}
