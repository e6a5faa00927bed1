using System.Collections.Immutable;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using ActorVision.Common.Time;
using Google.Protobuf;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Formats;
using Journal = ActorVision.Persistence.Cameras.Journal;

namespace ActorVision.Persistence.Cameras;

/// <summary>
/// Writes camera journal events and snapshots as protobuf under stable manifests (never CLR type names), so classes
/// can be renamed and moved without corrupting history. A manifest names a wire format; a new format gets a new one.
/// </summary>
public sealed class CameraJournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = SerializerIds.CameraJournal;

    private const string RegisteredManifest = "camera-registered.v1";
    private const string UpdatedManifest = "camera-updated.v1";
    private const string RulesReplacedManifest = "camera-rules-replaced.v1";
    private const string StartedManifest = "camera-started.v1";
    private const string StoppedManifest = "camera-stopped.v1";
    private const string RemovedManifest = "camera-removed.v1";
    private const string FileCompletedManifest = "camera-file-completed.v1";
    private const string AnalyticsEventManifest = "analytics-event.v1";
    private const string SnapshotManifest = "camera-snapshot.v1";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        CameraRegistered => RegisteredManifest,
        CameraUpdated => UpdatedManifest,
        CameraRulesReplaced => RulesReplacedManifest,
        CameraStarted => StartedManifest,
        CameraStopped => StoppedManifest,
        CameraRemoved => RemovedManifest,
        CameraFileCompleted => FileCompletedManifest,
        AnalyticsEventRecorded => AnalyticsEventManifest,
        CameraState => SnapshotManifest,
        _ => throw new ArgumentException($"{GetType().Name} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override byte[] ToBinary(object o) => ToProto(o).ToByteArray();

    private static IMessage ToProto(object o) => o switch
    {
        CameraRegistered e => new Journal.CameraRegistered { Spec = CameraSpecFormat.ToProto(e.Spec), Owner = ToProto(e.Owner), AtUnixMs = UnixMs(e.At) },
        CameraUpdated e => new Journal.CameraUpdated { Spec = CameraSpecFormat.ToProto(e.Spec), AtUnixMs = UnixMs(e.At) },
        CameraRulesReplaced e => RulesReplaced(e),
        CameraStarted e => new Journal.CameraStarted { AtUnixMs = UnixMs(e.At) },
        CameraStopped e => new Journal.CameraStopped { AtUnixMs = UnixMs(e.At) },
        CameraRemoved e => new Journal.CameraRemoved { AtUnixMs = UnixMs(e.At) },
        CameraFileCompleted e => FileCompleted(e),
        AnalyticsEventRecorded e => new Journal.AnalyticsEventRecorded { Event = AnalyticsEventFormat.ToProto(e.Event) },
        CameraState s => Snapshot(s),
        _ => throw new ArgumentException($"{nameof(CameraJournalSerializer)} cannot serialize {o.GetType()}", nameof(o)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        RegisteredManifest => Registered(Journal.CameraRegistered.Parser.ParseFrom(bytes)),
        UpdatedManifest => Updated(Journal.CameraUpdated.Parser.ParseFrom(bytes)),
        RulesReplacedManifest => RulesReplaced(Journal.CameraRulesReplaced.Parser.ParseFrom(bytes)),
        StartedManifest => new CameraStarted(FromUnixMs(Journal.CameraStarted.Parser.ParseFrom(bytes).AtUnixMs)),
        StoppedManifest => new CameraStopped(FromUnixMs(Journal.CameraStopped.Parser.ParseFrom(bytes).AtUnixMs)),
        RemovedManifest => new CameraRemoved(FromUnixMs(Journal.CameraRemoved.Parser.ParseFrom(bytes).AtUnixMs)),
        FileCompletedManifest => FileCompleted(Journal.CameraFileCompleted.Parser.ParseFrom(bytes)),
        AnalyticsEventManifest => new AnalyticsEventRecorded(AnalyticsEventFormat.FromProto(Journal.AnalyticsEventRecorded.Parser.ParseFrom(bytes).Event)),
        SnapshotManifest => State(Journal.CameraSnapshot.Parser.ParseFrom(bytes)),
        _ => throw new SerializationException($"unknown camera journal manifest '{manifest}': written by a newer ActorVision?"),
    };

    private static Journal.CameraRulesReplaced RulesReplaced(CameraRulesReplaced e)
    {
        var proto = new Journal.CameraRulesReplaced { AtUnixMs = UnixMs(e.At) };
        proto.Rules.AddRange(e.Rules.Select(RuleFormat.ToProto));
        return proto;
    }

    private static Journal.CameraSnapshot Snapshot(CameraState state)
    {
        var proto = new Journal.CameraSnapshot
        {
            CameraId = state.CameraId,
            Spec = state.Spec is { } spec ? CameraSpecFormat.ToProto(spec) : null,
            Owner = ToProto(state.Owner),
            ShouldRun = state.ShouldRun,
            EventsTotal = state.EventsTotal,
            LastEvent = state.LastEvent is { } last ? AnalyticsEventFormat.ToProto(last) : null,
            FileCompleted = state.FileCompleted is { } completed ? FileCompleted(completed) : null,
        };
        proto.Counters.Add(state.Counters);
        return proto;
    }

    private static CameraRegistered Registered(Journal.CameraRegistered proto) =>
        new(CameraSpecFormat.FromProto(proto.Spec), proto.Owner == Journal.Owner.File ? CameraOwner.File : CameraOwner.Api, FromUnixMs(proto.AtUnixMs));

    private static CameraUpdated Updated(Journal.CameraUpdated proto) => new(CameraSpecFormat.FromProto(proto.Spec), FromUnixMs(proto.AtUnixMs));

    private static CameraRulesReplaced RulesReplaced(Journal.CameraRulesReplaced proto) =>
        new(proto.Rules.Select(RuleFormat.FromProto).ToArray(), FromUnixMs(proto.AtUnixMs));

    private static CameraState State(Journal.CameraSnapshot proto) => new(proto.CameraId)
    {
        Spec = proto.Spec is null ? null : CameraSpecFormat.FromProto(proto.Spec),
        Owner = proto.Owner == Journal.Owner.File ? CameraOwner.File : CameraOwner.Api,
        ShouldRun = proto.ShouldRun,
        EventsTotal = proto.EventsTotal,
        LastEvent = proto.LastEvent is null ? null : AnalyticsEventFormat.FromProto(proto.LastEvent),
        Counters = proto.Counters.ToImmutableSortedDictionary(),
        FileCompleted = proto.FileCompleted is null ? null : FileCompleted(proto.FileCompleted),
    };

    private static Journal.CameraFileCompleted FileCompleted(CameraFileCompleted e) => new() { Frames = e.Frames, AtUnixMs = UnixMs(e.At) };

    private static CameraFileCompleted FileCompleted(Journal.CameraFileCompleted proto) => new(proto.Frames, FromUnixMs(proto.AtUnixMs));

    private static Journal.Owner ToProto(CameraOwner owner) => owner == CameraOwner.File ? Journal.Owner.File : Journal.Owner.Api;

    private static long UnixMs(DateTime at) => UnixTime.ToMilliseconds(at);

    private static DateTime FromUnixMs(long ms) => UnixTime.FromMilliseconds(ms);
}
