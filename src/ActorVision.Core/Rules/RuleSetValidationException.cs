using ActorVision.Core.Validation;

namespace ActorVision.Core.Rules;

/// <summary>A rule set was rejected; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class RuleSetValidationException : ArgumentException
{
    public RuleSetValidationException(IReadOnlyList<FieldError> errors)
        : base(Describe(errors)) => Errors = errors;

    public IReadOnlyList<FieldError> Errors { get; }

    private static string Describe(IReadOnlyList<FieldError> errors) =>
        errors.Count == 1
            ? $"The rule set is invalid: {errors[0]}"
            : $"The rule set is invalid ({errors.Count} problems): " + string.Join("; ", errors);
}
