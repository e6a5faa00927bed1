namespace ActorVision.Core.Rules;

/// <summary>One problem in a rule set: the field's path as the API names it (<c>rules[2].polygon[1]</c>) and what is wrong, in words a user can act on.</summary>
public sealed record RuleValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
