using ActorVision.Core.Cameras;
using ActorVision.Core.Validation;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Protocol.Mapping;

/// <summary>Camera specs between the domain and the public API contract (also the camera file's format).</summary>
public static class CameraSpecMapping
{
    public static V1.CameraSpec ToProto(CameraSpec spec)
    {
        var proto = new V1.CameraSpec
        {
            Id = spec.Id,
            Name = spec.Name,
            SourceUrl = spec.SourceUrl,
            Mode = spec.Mode == SourceMode.File ? V1.SourceMode.File : V1.SourceMode.Live,
            RtspTransport = spec.RtspTransport.ToWord(),
            Device = spec.Device,
            AnalysisFps = spec.AnalysisFps,
            AnalysisWidth = spec.AnalysisWidth,
            AnalysisHeight = spec.AnalysisHeight,
            Loop = spec.Loop,
            Outputs = new V1.CameraOutputs
            {
                HlsFolder = spec.Outputs.HlsFolder ?? "",
                RtspPublishUrl = spec.Outputs.RtspPublishUrl ?? "",
                Mp4Path = spec.Outputs.Mp4Path ?? "",
                Snapshots = spec.Outputs.Snapshots,
                BitrateKbps = spec.Outputs.BitrateKbps,
            },
        };
        proto.Models.AddRange(spec.Models);
        proto.Rules.AddRange(spec.Rules.Select(RuleMapping.ToProto));
        return proto;
    }

    /// <summary>
    /// Converts an API spec. Unset fields take the defaults an operator expects (live mode, tcp, auto device,
    /// the node's default analysis rate); shape problems are reported as field errors.
    /// </summary>
    public static CameraSpec FromProto(V1.CameraSpec proto, List<FieldError> errors, double defaultAnalysisFps = 5)
    {
        var outputs = proto.Outputs;
        var transport = string.IsNullOrEmpty(proto.RtspTransport) ? RtspTransport.Tcp : RtspTransports.Parse(proto.RtspTransport);
        if (transport is null) errors.Add(new FieldError("rtspTransport", $"'{proto.RtspTransport}' is not tcp or udp"));
        return new CameraSpec
        {
            Id = proto.Id,
            Name = proto.Name,
            SourceUrl = proto.SourceUrl,
            Mode = proto.Mode == V1.SourceMode.File ? SourceMode.File : SourceMode.Live,
            RtspTransport = transport ?? RtspTransport.Tcp,
            Models = proto.Models.ToArray(),
            Device = string.IsNullOrEmpty(proto.Device) ? "auto" : proto.Device,
            AnalysisFps = proto.AnalysisFps == 0 ? defaultAnalysisFps : proto.AnalysisFps,
            AnalysisWidth = proto.AnalysisWidth,
            AnalysisHeight = proto.AnalysisHeight,
            Rules = RuleMapping.FromProto(proto.Rules, errors),
            Loop = proto.Loop,
            Outputs = outputs is null ? CameraOutputs.None : new CameraOutputs
            {
                HlsFolder = Blank(outputs.HlsFolder),
                RtspPublishUrl = Blank(outputs.RtspPublishUrl),
                Mp4Path = Blank(outputs.Mp4Path),
                Snapshots = outputs.Snapshots,
                BitrateKbps = outputs.BitrateKbps == 0 ? 1500 : outputs.BitrateKbps,
            },
        };
    }

    private static string? Blank(string value) => string.IsNullOrEmpty(value) ? null : value;
}
