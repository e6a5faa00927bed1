using System.Globalization;
using ActorVision.Core.Geometry;
using ActorVision.Core.Validation;

namespace ActorVision.Core.Rules;

/// <summary>
/// Checks a camera's rule set before it is applied, and reports every problem with the path of the field
/// (<c>rules[2].polygon</c>) and a message for the person who wrote it. A rule set with any error is rejected whole.
/// </summary>
public sealed class RuleSetValidator
{
    private const int MaxIdLength = 64;
    private const int MaxNameLength = 200;
    // Keeps the crossing check (quadratic) and the per-frame point test cheap; hand-drawn zones need far fewer.
    private const int MaxPolygonPoints = 256;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const int MaxListedClasses = 100;
    private readonly string[]? _knownClasses;

    /// <param name="knownClasses">Class names the camera's models can report; null skips the class check (the models are not known yet).</param>
    public RuleSetValidator(IEnumerable<string>? knownClasses = null)
    {
        _knownClasses = knownClasses?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every problem found, in rule order; empty when the rule set is valid.</summary>
    public IReadOnlyList<FieldError> Validate(IReadOnlyList<RuleSpec?>? rules)
    {
        var errors = new List<FieldError>();
        if (rules is null)
        {
            errors.Add(new("rules", "is missing; send an empty list for a camera without rules"));
            return errors;
        }
        var firstUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"rules[{i}]";
            var rule = rules[i];
            if (rule is null)
            {
                errors.Add(new(path, "is empty"));
                continue;
            }
            CheckCommon(rule, path, i, firstUse, errors);
            switch (rule)
            {
                case ZoneRuleSpec zone:
                    CheckPolygon(zone.Polygon, path + ".polygon", errors);
                    if (!zone.ReportEnter && !zone.ReportExit)
                        errors.Add(new(path + ".reportEnter", "reportEnter and reportExit are both off, so the rule could never report anything; turn one on or disable the rule"));
                    break;
                case LineCrossingRuleSpec line:
                    CheckLine(line, path, errors);
                    break;
                case LoiteringRuleSpec loitering:
                    CheckPolygon(loitering.Polygon, path + ".polygon", errors);
                    CheckPositive(loitering.Threshold, path + ".threshold", errors);
                    break;
                case OccupancyRuleSpec occupancy:
                    CheckPolygon(occupancy.Polygon, path + ".polygon", errors);
                    CheckOccupancy(occupancy, path, errors);
                    break;
                case StationaryObjectRuleSpec stationary:
                    if (stationary.Polygon is not null) CheckPolygon(stationary.Polygon, path + ".polygon", errors);
                    if (!(stationary.MaxMovement > 0f && stationary.MaxMovement <= 1f))
                        errors.Add(new(path + ".maxMovement", $"must be more than 0 and at most 1 (a fraction of the frame), got {Number(stationary.MaxMovement)}"));
                    CheckPositive(stationary.Threshold, path + ".threshold", errors);
                    break;
                case CameraHealthRuleSpec health:
                    CheckHealth(health, path, errors);
                    break;
                default:
                    errors.Add(new(path, $"is a {rule.GetType().Name}, which this version does not know how to run"));
                    break;
            }
        }
        return errors;
    }

    /// <summary>Throws <see cref="RuleSetValidationException"/> listing every problem, if there is any.</summary>
    public void EnsureValid(IReadOnlyList<RuleSpec?>? rules)
    {
        var errors = Validate(rules);
        if (errors.Count > 0) throw new RuleSetValidationException(errors);
    }

    private void CheckCommon(RuleSpec rule, string path, int index, Dictionary<string, int> firstUse, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(rule.Id))
        {
            errors.Add(new(path + ".id", "is required"));
        }
        else if (rule.Id.Length > MaxIdLength || !rule.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(new(path + ".id", $"'{rule.Id}' must be at most {MaxIdLength} letters, digits, '-', '_' or '.' (it is used in event ids and API paths)"));
        }
        else if (firstUse.TryGetValue(rule.Id, out var first))
        {
            errors.Add(new(path + ".id", $"'{rule.Id}' is already the id of rules[{first}]; each rule of a camera needs its own id"));
        }
        else
        {
            firstUse[rule.Id] = index;
        }

        if (rule.Name is null || rule.Name.Length > MaxNameLength)
            errors.Add(new(path + ".name", $"must be at most {MaxNameLength} characters"));

        if (rule.Classes is null)
        {
            errors.Add(new(path + ".classes", "is missing; leave it empty to apply the rule to every class"));
        }
        else if (rule is not CameraHealthRuleSpec)
        {
            for (var c = 0; c < rule.Classes.Names.Count; c++)
            {
                var name = rule.Classes.Names[c];
                var classPath = $"{path}.classes[{c}]";
                if (string.IsNullOrWhiteSpace(name)) errors.Add(new(classPath, "is empty"));
                else if (_knownClasses is not null && Array.BinarySearch(_knownClasses, name, StringComparer.Ordinal) < 0)
                    errors.Add(new(classPath, UnknownClass(name)));
            }
        }

        if (!(rule.MinConfidence >= 0f && rule.MinConfidence <= 1f))
            errors.Add(new(path + ".minConfidence", $"must be between 0 and 1, got {Number(rule.MinConfidence)}"));
        var size = rule.MinBoxSize;
        if (!(size.Width >= 0f && size.Width <= 1f && size.Height >= 0f && size.Height <= 1f))
            errors.Add(new(path + ".minBoxSize", $"width and height must be between 0 and 1 (fractions of the frame), got {Number(size.Width)} x {Number(size.Height)}"));
        if (!Enum.IsDefined(rule.Anchor))
            errors.Add(new(path + ".anchor", $"is not an anchor point; use one of {string.Join(", ", Enum.GetNames<AnchorPoint>())}"));
        if (rule.Cooldown < TimeSpan.Zero)
            errors.Add(new(path + ".cooldown", $"must not be negative, got {Duration(rule.Cooldown)}"));
    }

    private string UnknownClass(string name)
    {
        var known = _knownClasses!;
        if (known.Length == 0) return $"'{name}' is not a class of this camera: its models report no class names";
        var suggestion = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            ?? known.Where(k => EditDistance(k, name) <= 2).OrderBy(k => EditDistance(k, name)).FirstOrDefault();
        var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
        // A whole label map such as COCO's 80 classes is listed: the operator needs the exact spelling.
        var list = known.Length <= MaxListedClasses ? string.Join(", ", known) : string.Join(", ", known.Take(MaxListedClasses)) + $" and {known.Length - MaxListedClasses} more";
        return $"'{name}' is not a class this camera's models detect (they detect: {list}){hint}";
    }

    private static void CheckPolygon(Polygon? polygon, string path, List<FieldError> errors)
    {
        if (polygon is null)
        {
            errors.Add(new(path, "is required"));
            return;
        }
        if (polygon.Count < 3)
        {
            errors.Add(new(path, $"needs at least 3 points, got {polygon.Count}"));
            return;
        }
        if (polygon.Count > MaxPolygonPoints)
        {
            errors.Add(new(path, $"has {polygon.Count} points; at most {MaxPolygonPoints} are allowed"));
            return;
        }
        var pointsValid = true;
        for (var i = 0; i < polygon.Count; i++)
        {
            var p = polygon.Points[i];
            if (!InFrame(p))
            {
                errors.Add(new($"{path}[{i}]", $"{Point(p)} is outside the frame: coordinates must be between 0 and 1"));
                pointsValid = false;
            }
            else if (p == polygon.Points[(i + 1) % polygon.Count])
            {
                errors.Add(new($"{path}[{i}]", i == polygon.Count - 1
                    ? $"{Point(p)} repeats the first point; a polygon closes itself, so leave the last point out"
                    : $"{Point(p)} is the same as the next point; remove one of them"));
                pointsValid = false;
            }
        }
        if (!pointsValid) return;
        if (polygon.FindCrossingEdges() is var (first, second))
        {
            errors.Add(new(path, $"crosses itself: the edge from point {first} to point {(first + 1) % polygon.Count} meets the edge from point {second} to point {(second + 1) % polygon.Count}; list the points in order around the area"));
            return;
        }
        if (polygon.Area <= 1e-6f)
            errors.Add(new(path, "encloses no area: its points lie on one line"));
    }

    private static void CheckLine(LineCrossingRuleSpec line, string path, List<FieldError> errors)
    {
        var aValid = InFrame(line.A);
        var bValid = InFrame(line.B);
        if (!aValid) errors.Add(new(path + ".a", $"{Point(line.A)} is outside the frame: coordinates must be between 0 and 1"));
        if (!bValid) errors.Add(new(path + ".b", $"{Point(line.B)} is outside the frame: coordinates must be between 0 and 1"));
        if (aValid && bValid && line.A.DistanceTo(line.B) < 1e-3f)
            errors.Add(new(path + ".b", $"{Point(line.B)} is the same point as a; a line needs two distinct points"));
        if (!Enum.IsDefined(line.Direction))
            errors.Add(new(path + ".direction", $"is not a direction; use one of {string.Join(", ", Enum.GetNames<CrossingDirection>())}"));
        if (!(line.Hysteresis >= 0f && line.Hysteresis < 0.5f))
            errors.Add(new(path + ".hysteresis", $"must be at least 0 and below 0.5 (a fraction of the frame), got {Number(line.Hysteresis)}"));
    }

    private static void CheckOccupancy(OccupancyRuleSpec occupancy, string path, List<FieldError> errors)
    {
        if (!Enum.IsDefined(occupancy.Condition))
            errors.Add(new(path + ".condition", $"is not a condition; use one of {string.Join(", ", Enum.GetNames<OccupancyCondition>())}"));
        if (occupancy.Limit < 0)
            errors.Add(new(path + ".limit", $"must not be negative, got {occupancy.Limit}"));
        else if (occupancy.Limit == 0 && occupancy.Condition == OccupancyCondition.FewerThan)
            errors.Add(new(path + ".limit", "fewer than 0 objects can never happen; use a limit of at least 1"));
        CheckPositive(occupancy.Duration, path + ".duration", errors);
    }

    private static void CheckHealth(CameraHealthRuleSpec health, string path, List<FieldError> errors)
    {
        if (health.NoFramesAfter is null && health.FrozenAfter is null && health.BlackoutAfter is null)
            errors.Add(new(path, "checks nothing: set at least one of noFramesAfter, frozenAfter and blackoutAfter"));
        if (health.NoFramesAfter is { } noFrames) CheckPositive(noFrames, path + ".noFramesAfter", errors);
        if (health.FrozenAfter is { } frozen) CheckPositive(frozen, path + ".frozenAfter", errors);
        if (health.BlackoutAfter is { } blackout) CheckPositive(blackout, path + ".blackoutAfter", errors);
        CheckLuma(health.FrozenMaxDifference, path + ".frozenMaxDifference", errors);
        CheckLuma(health.BlackoutMaxLuma, path + ".blackoutMaxLuma", errors);
        CheckLuma(health.BlackoutMaxContrast, path + ".blackoutMaxContrast", errors);
        CheckLuma(health.SuddenChangeMinDifference, path + ".suddenChangeMinDifference", errors);
    }

    private static void CheckLuma(float value, string path, List<FieldError> errors)
    {
        if (!(value >= 0f && value <= 255f))
            errors.Add(new(path, $"must be between 0 and 255 (a luma level), got {Number(value)}"));
    }

    private static void CheckPositive(TimeSpan duration, string path, List<FieldError> errors)
    {
        if (duration <= TimeSpan.Zero)
            errors.Add(new(path, $"must be a positive duration, got {Duration(duration)}"));
    }

    private static bool InFrame(PointF p) => p.X >= 0f && p.X <= 1f && p.Y >= 0f && p.Y <= 1f;

    private static string Number(float value) => value.ToString("0.###", Inv);

    private static string Point(PointF p) => $"({Number(p.X)}, {Number(p.Y)})";

    private static string Duration(TimeSpan value) => value.TotalSeconds.ToString("0.###", Inv) + " s";

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
