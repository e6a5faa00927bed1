using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Protocol.Mapping;

/// <summary>Rule specs between the domain and the public API contract.</summary>
public static class RuleMapping
{
    public static V1.Rule ToProto(RuleSpec rule)
    {
        var proto = new V1.Rule
        {
            Id = rule.Id,
            Name = rule.Name,
            MinConfidence = rule.MinConfidence,
            MinBoxSize = new V1.Size { Width = rule.MinBoxSize.Width, Height = rule.MinBoxSize.Height },
            Anchor = (V1.Anchor)(int)rule.Anchor,
            Cooldown = Duration.FromTimeSpan(rule.Cooldown),
            Disabled = !rule.Enabled,
        };
        proto.Classes.AddRange(rule.Classes.Names);
        switch (rule)
        {
            case ZoneRuleSpec zone:
                proto.Zone = new V1.ZoneRule { IgnoreEnter = !zone.ReportEnter, IgnoreExit = !zone.ReportExit };
                proto.Zone.Polygon.AddRange(zone.Polygon.Points.Select(ToProto));
                break;
            case LineCrossingRuleSpec line:
                proto.LineCrossing = new V1.LineCrossingRule
                {
                    A = ToProto(line.A),
                    B = ToProto(line.B),
                    Direction = (V1.CrossingDirection)(int)line.Direction,
                    Hysteresis = line.Hysteresis,
                };
                break;
            case LoiteringRuleSpec loitering:
                proto.Loitering = new V1.LoiteringRule { Threshold = Duration.FromTimeSpan(loitering.Threshold) };
                proto.Loitering.Polygon.AddRange(loitering.Polygon.Points.Select(ToProto));
                break;
            case OccupancyRuleSpec occupancy:
                proto.Occupancy = new V1.OccupancyRule
                {
                    Condition = (V1.OccupancyCondition)(int)occupancy.Condition,
                    Limit = occupancy.Limit,
                    Duration = Duration.FromTimeSpan(occupancy.Duration),
                };
                proto.Occupancy.Polygon.AddRange(occupancy.Polygon.Points.Select(ToProto));
                break;
            case StationaryObjectRuleSpec stationary:
                proto.StationaryObject = new V1.StationaryObjectRule
                {
                    MaxMovement = stationary.MaxMovement,
                    Threshold = Duration.FromTimeSpan(stationary.Threshold),
                };
                if (stationary.Polygon is { } area) proto.StationaryObject.Polygon.AddRange(area.Points.Select(ToProto));
                break;
            case CameraHealthRuleSpec health:
                proto.CameraHealth = new V1.CameraHealthRule
                {
                    NoFramesAfter = health.NoFramesAfter is { } n ? Duration.FromTimeSpan(n) : null,
                    FrozenAfter = health.FrozenAfter is { } f ? Duration.FromTimeSpan(f) : null,
                    BlackoutAfter = health.BlackoutAfter is { } b ? Duration.FromTimeSpan(b) : null,
                    FrozenMaxDifference = health.FrozenMaxDifference,
                    BlackoutMaxLuma = health.BlackoutMaxLuma,
                    BlackoutMaxContrast = health.BlackoutMaxContrast,
                    SuddenChangeMinDifference = health.SuddenChangeMinDifference,
                };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.GetType().Name, "no protobuf form for this rule kind");
        }
        return proto;
    }

    /// <summary>Converts a rule set; shape problems (no kind, missing times) come back as field errors, the rest is <see cref="RuleSetValidator"/>'s job.</summary>
    public static IReadOnlyList<RuleSpec> FromProto(IReadOnlyList<V1.Rule> rules, List<FieldError> errors, string path = "rules")
    {
        var result = new List<RuleSpec>(rules.Count);
        for (var i = 0; i < rules.Count; i++)
        {
            if (FromProto(rules[i], $"{path}[{i}]", errors) is { } rule) result.Add(rule);
        }
        return result;
    }

    private static RuleSpec? FromProto(V1.Rule proto, string path, List<FieldError> errors)
    {
        RuleSpec? rule = proto.KindCase switch
        {
            V1.Rule.KindOneofCase.Zone => new ZoneRuleSpec
            {
                Id = proto.Id,
                Polygon = Polygon(proto.Zone.Polygon),
                ReportEnter = !proto.Zone.IgnoreEnter,
                ReportExit = !proto.Zone.IgnoreExit,
            },
            V1.Rule.KindOneofCase.LineCrossing => new LineCrossingRuleSpec
            {
                Id = proto.Id,
                A = FromProto(proto.LineCrossing.A),
                B = FromProto(proto.LineCrossing.B),
                Direction = (CrossingDirection)(int)proto.LineCrossing.Direction,
                Hysteresis = proto.LineCrossing.HasHysteresis ? proto.LineCrossing.Hysteresis : 0.02f,
            },
            V1.Rule.KindOneofCase.Loitering => new LoiteringRuleSpec
            {
                Id = proto.Id,
                Polygon = Polygon(proto.Loitering.Polygon),
                Threshold = Required(proto.Loitering.Threshold, $"{path}.loitering.threshold", errors),
            },
            V1.Rule.KindOneofCase.Occupancy => new OccupancyRuleSpec
            {
                Id = proto.Id,
                Polygon = Polygon(proto.Occupancy.Polygon),
                Condition = (OccupancyCondition)(int)proto.Occupancy.Condition,
                Limit = proto.Occupancy.Limit,
                Duration = proto.Occupancy.Duration?.ToTimeSpan() ?? TimeSpan.Zero,
            },
            V1.Rule.KindOneofCase.StationaryObject => new StationaryObjectRuleSpec
            {
                Id = proto.Id,
                Polygon = proto.StationaryObject.Polygon.Count > 0 ? Polygon(proto.StationaryObject.Polygon) : null,
                MaxMovement = proto.StationaryObject.HasMaxMovement ? proto.StationaryObject.MaxMovement : 0.02f,
                Threshold = Required(proto.StationaryObject.Threshold, $"{path}.stationaryObject.threshold", errors),
            },
            V1.Rule.KindOneofCase.CameraHealth => HealthFromProto(proto),
            _ => null,
        };
        if (rule is null)
        {
            errors.Add(new FieldError(path, "has no kind: set one of zone, lineCrossing, loitering, occupancy, stationaryObject, cameraHealth"));
            return null;
        }
        return rule with
        {
            Name = proto.Name,
            Classes = new ClassFilter(proto.Classes),
            MinConfidence = proto.MinConfidence,
            MinBoxSize = proto.MinBoxSize is { } size ? new SizeF(size.Width, size.Height) : default,
            Anchor = (AnchorPoint)(int)proto.Anchor,
            Cooldown = proto.Cooldown?.ToTimeSpan() ?? TimeSpan.Zero,
            Enabled = !proto.Disabled,
        };
    }

    private static CameraHealthRuleSpec HealthFromProto(V1.Rule proto)
    {
        var health = proto.CameraHealth;
        var defaults = new CameraHealthRuleSpec { Id = proto.Id };
        return defaults with
        {
            NoFramesAfter = health.NoFramesAfter?.ToTimeSpan(),
            FrozenAfter = health.FrozenAfter?.ToTimeSpan(),
            BlackoutAfter = health.BlackoutAfter?.ToTimeSpan(),
            FrozenMaxDifference = health.HasFrozenMaxDifference ? health.FrozenMaxDifference : defaults.FrozenMaxDifference,
            BlackoutMaxLuma = health.HasBlackoutMaxLuma ? health.BlackoutMaxLuma : defaults.BlackoutMaxLuma,
            BlackoutMaxContrast = health.HasBlackoutMaxContrast ? health.BlackoutMaxContrast : defaults.BlackoutMaxContrast,
            SuddenChangeMinDifference = health.HasSuddenChangeMinDifference ? health.SuddenChangeMinDifference : defaults.SuddenChangeMinDifference,
        };
    }

    private static TimeSpan Required(Duration? duration, string path, List<FieldError> errors)
    {
        if (duration is null) errors.Add(new FieldError(path, "is required"));
        return duration?.ToTimeSpan() ?? TimeSpan.Zero;
    }

    private static Polygon Polygon(IEnumerable<V1.Point> points) => new(points.Select(FromProto).ToArray());

    public static V1.Point ToProto(PointF point) => new() { X = point.X, Y = point.Y };

    public static PointF FromProto(V1.Point? point) => point is null ? default : new PointF(point.X, point.Y);
}
