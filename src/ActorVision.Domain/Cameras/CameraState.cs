using System.Collections.Immutable;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Domain.Cameras;

/// <summary>
/// The persisted state of one camera. <see cref="Decide"/> validates a command and returns the events it
/// causes; <see cref="Apply"/> evolves the state by one event. The entity only persists what Decide returned
/// and applies it, on write and on recovery alike, so these rules are testable without actors.
/// </summary>
public sealed record CameraState(string CameraId)
{
    public CameraSpec? Spec { get; init; }
    public CameraOwner Owner { get; init; }
    /// <summary>Whether the operator wants the camera running (survives restarts and moves between nodes).</summary>
    public bool ShouldRun { get; init; }
    /// <summary>Set when a file-mode camera finished its file (and not started since).</summary>
    public CameraFileCompleted? FileCompleted { get; init; }
    public long EventsTotal { get; init; }
    public AnalyticsEvent? LastEvent { get; init; }
    public ImmutableSortedDictionary<string, long> Counters { get; init; } = ImmutableSortedDictionary<string, long>.Empty;

    public bool Exists => Spec is not null;

    public CameraDecision Decide(ICameraCommand command, CameraCommandContext context) => command switch
    {
        RegisterCamera register => DecideRegister(register, context),
        UpdateCamera update => WhenExists(update.Owner, spec => DecideUpdate(spec, update.Spec, context)),
        ReplaceRules replace => WhenExists(replace.Owner, spec => DecideUpdate(spec, spec with { Rules = replace.Rules }, context, rulesOnly: true)),
        StartCamera => WhenExists(null, _ => ShouldRun ? CameraDecision.Accept() : CameraDecision.Accept(new CameraStarted(context.Now))),
        StopCamera => WhenExists(null, _ => ShouldRun ? CameraDecision.Accept(new CameraStopped(context.Now)) : CameraDecision.Accept()),
        RemoveCamera remove => WhenExists(remove.Owner, _ => CameraDecision.Accept(new CameraRemoved(context.Now))),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown camera command"),
    };

    public CameraState Apply(ICameraEvent @event) => @event switch
    {
        CameraRegistered e => new CameraState(CameraId) { Spec = e.Spec, Owner = e.Owner },
        CameraUpdated e => this with { Spec = e.Spec },
        CameraRulesReplaced e => this with { Spec = Spec! with { Rules = e.Rules } },
        CameraStarted => this with { ShouldRun = true, FileCompleted = null },
        CameraFileCompleted e => this with { ShouldRun = false, FileCompleted = e },
        CameraStopped => this with { ShouldRun = false },
        CameraRemoved => new CameraState(CameraId),
        AnalyticsEventRecorded e => this with
        {
            EventsTotal = EventsTotal + 1,
            LastEvent = e.Event,
            Counters = CameraCounters.Apply(Counters, e.Event),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "unknown camera event"),
    };

    private CameraDecision DecideRegister(RegisterCamera register, CameraCommandContext context)
    {
        if (Exists)
        {
            // A retried or repeated registration of the very same camera is not an error.
            return Owner == register.Owner && context.SameSpec(Spec!, register.Spec)
                ? CameraDecision.Accept(register.Start && !ShouldRun ? [new CameraStarted(context.Now)] : [])
                : CameraDecision.Reject(new CameraRejected(CameraId, RejectionKind.AlreadyExists,
                    $"camera '{CameraId}' already exists (managed by {Describe(Owner)}); update it instead", []));
        }
        var errors = context.Validate(register.Spec);
        if (errors.Count > 0) return CameraDecision.Reject(CameraRejected.Invalid(CameraId, errors));
        if (context.NodeIsFull)
            return CameraDecision.Reject(new CameraRejected(CameraId, RejectionKind.ResourceExhausted,
                $"camera '{CameraId}' belongs on a node that already holds {context.CamerasOnNode} cameras (actorvision.cameras.max-per-node = " +
                $"{context.MaxCamerasPerNode}); add ingest nodes or raise the cap", []));
        return register.Start
            ? CameraDecision.Accept(new CameraRegistered(register.Spec, register.Owner, context.Now), new CameraStarted(context.Now))
            : CameraDecision.Accept(new CameraRegistered(register.Spec, register.Owner, context.Now));
    }

    private CameraDecision DecideUpdate(CameraSpec current, CameraSpec next, CameraCommandContext context, bool rulesOnly = false)
    {
        var errors = context.Validate(next);
        if (errors.Count > 0) return CameraDecision.Reject(CameraRejected.Invalid(CameraId, errors));
        if (context.SameSpec(current, next)) return CameraDecision.Accept();
        return rulesOnly
            ? CameraDecision.Accept(new CameraRulesReplaced(next.Rules, context.Now))
            : CameraDecision.Accept(new CameraUpdated(next, context.Now));
    }

    /// <param name="requester">Who asks, for commands that only the owning door may give; null when either door may.</param>
    private CameraDecision WhenExists(CameraOwner? requester, Func<CameraSpec, CameraDecision> decide)
    {
        if (!Exists) return CameraDecision.Reject(CameraRejected.NotFound(CameraId));
        if (requester is { } who && who != Owner)
        {
            return CameraDecision.Reject(new CameraRejected(CameraId, RejectionKind.ManagedElsewhere,
                $"camera '{CameraId}' is managed by {Describe(Owner)}; change it there", []));
        }
        return decide(Spec!);
    }

    private static string Describe(CameraOwner owner) => owner == CameraOwner.File ? "the camera file" : "the API";
}
