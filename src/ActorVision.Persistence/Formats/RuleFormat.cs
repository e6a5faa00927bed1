using System.Runtime.Serialization;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using Google.Protobuf.WellKnownTypes;
using Proto = ActorVision.Persistence.Formats.Proto;

namespace ActorVision.Persistence.Formats;

/// <summary>Rule specs in the journals' and the wire's own format; a rule reads back as it was written.</summary>
internal static class RuleFormat
{
    public static Proto.Rule ToProto(RuleSpec rule)
    {
        var proto = new Proto.Rule
        {
            Id = rule.Id,
            Name = rule.Name,
            MinConfidence = rule.MinConfidence,
            MinBoxSize = new Proto.Size { Width = rule.MinBoxSize.Width, Height = rule.MinBoxSize.Height },
            Anchor = (Proto.Anchor)(int)rule.Anchor,
            Cooldown = Duration.FromTimeSpan(rule.Cooldown),
            Disabled = !rule.Enabled,
        };
        proto.Classes.AddRange(rule.Classes.Names);
        switch (rule)
        {
            case ZoneRuleSpec zone:
                proto.Zone = new Proto.ZoneRule { IgnoreEnter = !zone.ReportEnter, IgnoreExit = !zone.ReportExit };
                proto.Zone.Polygon.AddRange(Points(zone.Polygon));
                break;
            case LineCrossingRuleSpec line:
                proto.LineCrossing = new Proto.LineCrossingRule
                {
                    A = ToProto(line.A),
                    B = ToProto(line.B),
                    Direction = (Proto.CrossingDirection)(int)line.Direction,
                    Hysteresis = line.Hysteresis,
                };
                break;
            case LoiteringRuleSpec loitering:
                proto.Loitering = new Proto.LoiteringRule { Threshold = Duration.FromTimeSpan(loitering.Threshold) };
                proto.Loitering.Polygon.AddRange(Points(loitering.Polygon));
                break;
            case OccupancyRuleSpec occupancy:
                proto.Occupancy = new Proto.OccupancyRule
                {
                    Condition = (Proto.OccupancyCondition)(int)occupancy.Condition,
                    Limit = occupancy.Limit,
                    Duration = Duration.FromTimeSpan(occupancy.Duration),
                };
                proto.Occupancy.Polygon.AddRange(Points(occupancy.Polygon));
                break;
            case StationaryObjectRuleSpec stationary:
                proto.StationaryObject = new Proto.StationaryObjectRule
                {
                    MaxMovement = stationary.MaxMovement,
                    Threshold = Duration.FromTimeSpan(stationary.Threshold),
                };
                if (stationary.Polygon is { } area) proto.StationaryObject.Polygon.AddRange(Points(area));
                break;
            case CameraHealthRuleSpec health:
                proto.CameraHealth = new Proto.CameraHealthRule
                {
                    NoFramesAfter = OptionalDuration(health.NoFramesAfter),
                    FrozenAfter = OptionalDuration(health.FrozenAfter),
                    BlackoutAfter = OptionalDuration(health.BlackoutAfter),
                    FrozenMaxDifference = health.FrozenMaxDifference,
                    BlackoutMaxLuma = health.BlackoutMaxLuma,
                    BlackoutMaxContrast = health.BlackoutMaxContrast,
                    SuddenChangeMinDifference = health.SuddenChangeMinDifference,
                };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.GetType().Name, "no stored form for this rule kind");
        }
        return proto;
    }

    public static RuleSpec FromProto(Proto.Rule proto)
    {
        RuleSpec rule = proto.KindCase switch
        {
            Proto.Rule.KindOneofCase.Zone => new ZoneRuleSpec
            {
                Id = proto.Id,
                Polygon = Polygon(proto.Zone.Polygon),
                ReportEnter = !proto.Zone.IgnoreEnter,
                ReportExit = !proto.Zone.IgnoreExit,
            },
            Proto.Rule.KindOneofCase.LineCrossing => Line(proto),
            Proto.Rule.KindOneofCase.Loitering => new LoiteringRuleSpec
            {
                Id = proto.Id,
                Polygon = Polygon(proto.Loitering.Polygon),
                Threshold = TimeOrZero(proto.Loitering.Threshold),
            },
            Proto.Rule.KindOneofCase.Occupancy => new OccupancyRuleSpec
            {
                Id = proto.Id,
                Polygon = Polygon(proto.Occupancy.Polygon),
                Condition = (OccupancyCondition)(int)proto.Occupancy.Condition,
                Limit = proto.Occupancy.Limit,
                Duration = TimeOrZero(proto.Occupancy.Duration),
            },
            Proto.Rule.KindOneofCase.StationaryObject => Stationary(proto),
            Proto.Rule.KindOneofCase.CameraHealth => Health(proto),
            _ => throw new SerializationException($"stored rule '{proto.Id}' has no kind: written by a newer ActorVision?"),
        };
        return rule with
        {
            Name = proto.Name,
            Classes = new ClassFilter(proto.Classes),
            MinConfidence = proto.MinConfidence,
            MinBoxSize = proto.MinBoxSize is { } size ? new SizeF(size.Width, size.Height) : default,
            Anchor = (AnchorPoint)(int)proto.Anchor,
            Cooldown = TimeOrZero(proto.Cooldown),
            Enabled = !proto.Disabled,
        };
    }

    // Optional fields absent from a stored rule keep the domain's defaults.
    private static LineCrossingRuleSpec Line(Proto.Rule proto)
    {
        var line = proto.LineCrossing;
        var rule = new LineCrossingRuleSpec { Id = proto.Id, A = FromProto(line.A), B = FromProto(line.B), Direction = (CrossingDirection)(int)line.Direction };
        return line.HasHysteresis ? rule with { Hysteresis = line.Hysteresis } : rule;
    }

    private static StationaryObjectRuleSpec Stationary(Proto.Rule proto)
    {
        var stationary = proto.StationaryObject;
        var rule = new StationaryObjectRuleSpec
        {
            Id = proto.Id,
            Polygon = stationary.Polygon.Count > 0 ? Polygon(stationary.Polygon) : null,
            Threshold = TimeOrZero(stationary.Threshold),
        };
        return stationary.HasMaxMovement ? rule with { MaxMovement = stationary.MaxMovement } : rule;
    }

    private static CameraHealthRuleSpec Health(Proto.Rule proto)
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

    private static Duration? OptionalDuration(TimeSpan? time) => time is { } value ? Duration.FromTimeSpan(value) : null;

    private static TimeSpan TimeOrZero(Duration? duration) => duration?.ToTimeSpan() ?? TimeSpan.Zero;

    private static IEnumerable<Proto.Point> Points(Polygon polygon) => polygon.Points.Select(ToProto);

    private static Polygon Polygon(IEnumerable<Proto.Point> points) => new(points.Select(FromProto).ToArray());

    private static Proto.Point ToProto(PointF point) => new() { X = point.X, Y = point.Y };

    private static PointF FromProto(Proto.Point? point) => point is null ? default : new PointF(point.X, point.Y);
}
