using ActorVision.Core.Cameras;
using Proto = ActorVision.Persistence.Formats.Proto;

namespace ActorVision.Persistence.Formats;

/// <summary>
/// Camera specs in the journals' and the wire's own format. Exact both ways: a spec reads back as it was written,
/// no defaults filled in (those are the API's business, applied before a spec is ever persisted or sent).
/// </summary>
internal static class CameraSpecFormat
{
    public static Proto.CameraSpec ToProto(CameraSpec spec)
    {
        var proto = new Proto.CameraSpec
        {
            Id = spec.Id,
            Name = spec.Name,
            SourceUrl = spec.SourceUrl,
            Mode = spec.Mode == SourceMode.File ? Proto.SourceMode.File : Proto.SourceMode.Live,
            RtspTransport = spec.RtspTransport.ToWord(),
            Device = spec.Device,
            AnalysisFps = spec.AnalysisFps,
            AnalysisWidth = spec.AnalysisWidth,
            AnalysisHeight = spec.AnalysisHeight,
            Loop = spec.Loop,
            Outputs = new Proto.CameraOutputs
            {
                HlsFolder = spec.Outputs.HlsFolder ?? "",
                RtspPublishUrl = spec.Outputs.RtspPublishUrl ?? "",
                Mp4Path = spec.Outputs.Mp4Path ?? "",
                Snapshots = spec.Outputs.Snapshots,
                BitrateKbps = spec.Outputs.BitrateKbps,
            },
        };
        proto.Models.AddRange(spec.Models);
        proto.Rules.AddRange(spec.Rules.Select(RuleFormat.ToProto));
        return proto;
    }

    public static CameraSpec FromProto(Proto.CameraSpec proto) => new()
    {
        Id = proto.Id,
        Name = proto.Name,
        SourceUrl = proto.SourceUrl,
        Mode = proto.Mode == Proto.SourceMode.File ? SourceMode.File : SourceMode.Live,
        // Only tcp and udp were ever stored (the API validates before a spec is persisted).
        RtspTransport = RtspTransports.Parse(proto.RtspTransport) ?? RtspTransport.Tcp,
        Models = proto.Models.ToArray(),
        Device = proto.Device,
        AnalysisFps = proto.AnalysisFps,
        AnalysisWidth = proto.AnalysisWidth,
        AnalysisHeight = proto.AnalysisHeight,
        Rules = proto.Rules.Select(RuleFormat.FromProto).ToArray(),
        Loop = proto.Loop,
        Outputs = proto.Outputs is not { } outputs ? CameraOutputs.None : new CameraOutputs
        {
            HlsFolder = NoneIfEmpty(outputs.HlsFolder),
            RtspPublishUrl = NoneIfEmpty(outputs.RtspPublishUrl),
            Mp4Path = NoneIfEmpty(outputs.Mp4Path),
            Snapshots = outputs.Snapshots,
            BitrateKbps = outputs.BitrateKbps,
        },
    };

    private static string? NoneIfEmpty(string value) => value.Length == 0 ? null : value;
}
