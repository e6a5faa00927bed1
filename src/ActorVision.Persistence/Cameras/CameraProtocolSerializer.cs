using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using ActorVision.Common.Time;
using ActorVision.Core.Events;
using ActorVision.Core.Validation;
using Google.Protobuf;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Formats;
using Wire = ActorVision.Persistence.Cameras.Wire;

namespace ActorVision.Persistence.Cameras;

/// <summary>
/// Writes the camera protocol (commands, queries, replies) and published analytics events as protobuf when they cross
/// between nodes: an API node asks a camera that runs elsewhere, and events reach subscribers on every node. Stable
/// manifests, like the journal's, so nodes of neighbouring versions understand each other during a rolling upgrade.
/// </summary>
public sealed class CameraProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.CameraProtocol;

    private const string RegisterManifest = "register-camera.v1";
    private const string UpdateManifest = "update-camera.v1";
    private const string ReplaceRulesManifest = "replace-rules.v1";
    private const string StartManifest = "start-camera.v1";
    private const string StopManifest = "stop-camera.v1";
    private const string RemoveManifest = "remove-camera.v1";
    private const string GetManifest = "get-camera.v1";
    private const string ViewManifest = "camera-view.v1";
    private const string AcceptedManifest = "camera-accepted.v1";
    private const string RejectedManifest = "camera-rejected.v1";
    private const string AnalyticsEventManifest = "analytics-event.v1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RegisterCamera => RegisterManifest,
        UpdateCamera => UpdateManifest,
        ReplaceRules => ReplaceRulesManifest,
        StartCamera => StartManifest,
        StopCamera => StopManifest,
        RemoveCamera => RemoveManifest,
        GetCamera => GetManifest,
        CameraView => ViewManifest,
        CameraAccepted => AcceptedManifest,
        CameraRejected => RejectedManifest,
        AnalyticsEvent => AnalyticsEventManifest,
        _ => throw new ArgumentException($"{nameof(CameraProtocolSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object o) => ToProto(o).ToByteArray();

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        RegisterManifest => FromProto(Wire.RegisterCamera.Parser.ParseFrom(bytes)),
        UpdateManifest => FromProto(Wire.UpdateCamera.Parser.ParseFrom(bytes)),
        ReplaceRulesManifest => FromProto(Wire.ReplaceRules.Parser.ParseFrom(bytes)),
        StartManifest => new StartCamera(Wire.CameraIdMessage.Parser.ParseFrom(bytes).CameraId),
        StopManifest => new StopCamera(Wire.CameraIdMessage.Parser.ParseFrom(bytes).CameraId),
        RemoveManifest => FromProto(Wire.RemoveCamera.Parser.ParseFrom(bytes)),
        GetManifest => new GetCamera(Wire.CameraIdMessage.Parser.ParseFrom(bytes).CameraId),
        ViewManifest => FromProto(Wire.CameraView.Parser.ParseFrom(bytes)),
        AcceptedManifest => new CameraAccepted(FromProto(Wire.CameraAccepted.Parser.ParseFrom(bytes).Camera)),
        RejectedManifest => FromProto(Wire.CameraRejected.Parser.ParseFrom(bytes)),
        AnalyticsEventManifest => AnalyticsEventFormat.FromProto(Formats.Proto.AnalyticsEvent.Parser.ParseFrom(bytes)),
        _ => throw new SerializationException($"unknown camera protocol manifest '{manifest}': sent by a newer ActorVision?"),
    };

    private static IMessage ToProto(object o)
    {
        switch (o)
        {
            case RegisterCamera m:
                return new Wire.RegisterCamera { Spec = CameraSpecFormat.ToProto(m.Spec), Owner = ToProto(m.Owner), Start = m.Start };
            case UpdateCamera m:
                return new Wire.UpdateCamera { Spec = CameraSpecFormat.ToProto(m.Spec), Owner = ToProto(m.Owner) };
            case ReplaceRules m:
                var replace = new Wire.ReplaceRules { CameraId = m.CameraId, Owner = ToProto(m.Owner) };
                replace.Rules.AddRange(m.Rules.Select(RuleFormat.ToProto));
                return replace;
            case StartCamera m:
                return new Wire.CameraIdMessage { CameraId = m.CameraId };
            case StopCamera m:
                return new Wire.CameraIdMessage { CameraId = m.CameraId };
            case RemoveCamera m:
                return new Wire.RemoveCamera { CameraId = m.CameraId, Owner = ToProto(m.Owner) };
            case GetCamera m:
                return new Wire.CameraIdMessage { CameraId = m.CameraId };
            case CameraView m:
                return ToProto(m);
            case CameraAccepted m:
                return new Wire.CameraAccepted { Camera = ToProto(m.Camera) };
            case CameraRejected m:
                var rejected = new Wire.CameraRejected { CameraId = m.CameraId, Kind = (Wire.RejectionKind)(int)m.Kind, Reason = m.Reason };
                rejected.Errors.AddRange(m.Errors.Select(e => new Wire.FieldError { Path = e.Path, Message = e.Message }));
                return rejected;
            case AnalyticsEvent m:
                return AnalyticsEventFormat.ToProto(m);
            default:
                throw new ArgumentException($"{nameof(CameraProtocolSerializer)} cannot serialize {o.GetType()}", nameof(o));
        }
    }

    private static Wire.CameraView ToProto(CameraView view)
    {
        var status = view.Status;
        var statistics = status.Statistics;
        var proto = new Wire.CameraView
        {
            // The entity answers a removal with a view whose spec is gone.
            Spec = view.Spec is null ? null : CameraSpecFormat.ToProto(view.Spec),
            Owner = ToProto(view.Owner),
            Status = new Wire.CameraStatus
            {
                State = (Wire.RunState)(int)status.State,
                Node = status.Node,
                SinceUnixMs = UnixMs(status.Since),
                Statistics = new Wire.PipelineStatistics
                {
                    FpsIn = statistics.FpsIn,
                    FpsAnalysed = statistics.FpsAnalysed,
                    FpsOut = statistics.FpsOut,
                    FramesIn = statistics.FramesIn,
                    FramesAnalysed = statistics.FramesAnalysed,
                    FramesEncoded = statistics.FramesEncoded,
                    FramesDropped = statistics.FramesDropped,
                    Reconnects = statistics.Reconnects,
                    LatencyP50Ms = statistics.LatencyP50Milliseconds,
                    LatencyP95Ms = statistics.LatencyP95Milliseconds,
                    SnapshotsSkipped = statistics.SnapshotsSkipped,
                    RecordingFramesSkipped = statistics.RecordingFramesSkipped,
                },
                EventsTotal = status.EventsTotal,
                LastEvent = status.LastEvent is { } last ? AnalyticsEventFormat.ToProto(last) : null,
            },
        };
        if (status.Reason is { } reason) proto.Status.Reason = reason;
        if (status.NextAttempt is { } next) proto.Status.NextAttemptUnixMs = UnixMs(next);
        proto.Status.Counters.Add(status.Counters);
        return proto;
    }

    private static RegisterCamera FromProto(Wire.RegisterCamera proto) => new(CameraSpecFormat.FromProto(proto.Spec), FromProto(proto.Owner), proto.Start);

    private static UpdateCamera FromProto(Wire.UpdateCamera proto) => new(CameraSpecFormat.FromProto(proto.Spec), FromProto(proto.Owner));

    private static ReplaceRules FromProto(Wire.ReplaceRules proto) =>
        new(proto.CameraId, proto.Rules.Select(RuleFormat.FromProto).ToArray(), FromProto(proto.Owner));

    private static RemoveCamera FromProto(Wire.RemoveCamera proto) => new(proto.CameraId, FromProto(proto.Owner));

    private static CameraView FromProto(Wire.CameraView proto)
    {
        var status = proto.Status ?? new Wire.CameraStatus();
        var statistics = status.Statistics ?? new Wire.PipelineStatistics();
        return new CameraView(
            proto.Spec is null ? null! : CameraSpecFormat.FromProto(proto.Spec),
            FromProto(proto.Owner),
            new CameraStatus
            {
                State = (CameraRunState)(int)status.State,
                Reason = status.HasReason ? status.Reason : null,
                NextAttempt = status.NextAttemptUnixMs == 0 ? null : FromUnixMs(status.NextAttemptUnixMs),
                Node = status.Node,
                Since = FromUnixMs(status.SinceUnixMs),
                Statistics = new PipelineStatistics(
                    statistics.FpsIn, statistics.FpsAnalysed, statistics.FpsOut,
                    statistics.FramesIn, statistics.FramesAnalysed, statistics.FramesEncoded, statistics.FramesDropped,
                    statistics.Reconnects, statistics.LatencyP50Ms, statistics.LatencyP95Ms)
                {
                    SnapshotsSkipped = statistics.SnapshotsSkipped,
                    RecordingFramesSkipped = statistics.RecordingFramesSkipped,
                },
                EventsTotal = status.EventsTotal,
                LastEvent = status.LastEvent is null ? null : AnalyticsEventFormat.FromProto(status.LastEvent),
                Counters = status.Counters.ToImmutableSortedDictionary(),
            });
    }

    private static CameraRejected FromProto(Wire.CameraRejected proto) => new(
        proto.CameraId,
        (RejectionKind)(int)proto.Kind,
        proto.Reason,
        proto.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray());

    private static Wire.Owner ToProto(CameraOwner owner) => owner == CameraOwner.File ? Wire.Owner.File : Wire.Owner.Api;

    private static CameraOwner FromProto(Wire.Owner owner) => owner == Wire.Owner.File ? CameraOwner.File : CameraOwner.Api;

    // A status that never changed has no time: zero on the wire, default in the record.
    private static long UnixMs(DateTime at) => at == default ? 0 : UnixTime.ToMilliseconds(at);

    private static DateTime FromUnixMs(long ms) => ms == 0 ? default : UnixTime.FromMilliseconds(ms);
}
