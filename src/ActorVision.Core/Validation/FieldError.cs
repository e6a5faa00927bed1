namespace ActorVision.Core.Validation;

/// <summary>
/// One problem with one field of a spec: the field's path as the API names it (<c>rules[2].polygon[1]</c>,
/// <c>sourceUrl</c>) and what is wrong, in words a user can act on.
/// </summary>
public sealed record FieldError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
