namespace ActorVision.Core.Rules;

/// <summary>
/// A rule engine captured between two frames: the rule set and each rule's running state, as plain
/// serialisable data. Restoring it and then applying a newer rule set keeps the state of unchanged rules.
/// </summary>
public sealed record RuleEngineState(IReadOnlyList<RuleSpec> Rules, IReadOnlyList<RuleState> States);
