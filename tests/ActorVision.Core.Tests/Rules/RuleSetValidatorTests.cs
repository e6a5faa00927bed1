using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;

namespace ActorVision.Core.Tests.Rules;

public class RuleSetValidatorTests
{
    private static readonly RuleSetValidator Validator = new(["person", "car", "bicycle"]);
    private static readonly Polygon Square = Polygon.Rectangle(0.1f, 0.1f, 0.5f, 0.5f);

    private static IReadOnlyList<RuleSpec> EveryKind() =>
    [
        new ZoneRuleSpec { Id = "zone", Polygon = Square, Classes = ClassFilter.Of("person", "car") },
        new LineCrossingRuleSpec { Id = "line", A = new(0, 0.5f), B = new(1, 0.5f) },
        new LoiteringRuleSpec { Id = "loiter", Polygon = Square, Threshold = TimeSpan.FromSeconds(30) },
        new OccupancyRuleSpec { Id = "occupancy", Polygon = Square, Limit = 5, Duration = TimeSpan.FromSeconds(10) },
        new StationaryObjectRuleSpec { Id = "stationary", Threshold = TimeSpan.FromMinutes(1) },
        new CameraHealthRuleSpec { Id = "health" },
    ];

    [Fact]
    public void Valid_rule_set_has_no_errors()
    {
        Assert.Empty(Validator.Validate(EveryKind()));
        Assert.Empty(Validator.Validate([]));
    }

    public static TheoryData<RuleSpec, string, string> InvalidRules => new()
    {
        { new ZoneRuleSpec { Id = "z", Polygon = Polygon.Of(new(0.1f, 0.1f), new(0.5f, 0.5f)) }, "rules[0].polygon", "needs at least 3 points, got 2" },
        { new ZoneRuleSpec { Id = "z", Polygon = Polygon.Of(new(0.1f, 0.1f), new(0.5f, 0.5f), new(0.5f, 0.1f), new(0.1f, 0.5f)) }, "rules[0].polygon", "crosses itself: the edge from point 0 to point 1 meets the edge from point 2 to point 3" },
        { new ZoneRuleSpec { Id = "z", Polygon = Polygon.Of(new(0.1f, 0.1f), new(1.2f, 0.1f), new(0.5f, 0.5f)) }, "rules[0].polygon[1]", "(1.2, 0.1) is outside the frame: coordinates must be between 0 and 1" },
        { new ZoneRuleSpec { Id = "z", Polygon = Polygon.Of(new(0.1f, 0.1f), new(0.1f, 0.1f), new(0.5f, 0.5f), new(0.1f, 0.5f)) }, "rules[0].polygon[0]", "is the same as the next point" },
        { new ZoneRuleSpec { Id = "z", Polygon = Polygon.Of(new(0.1f, 0.1f), new(0.5f, 0.1f), new(0.5f, 0.5f), new(0.1f, 0.1f)) }, "rules[0].polygon[3]", "repeats the first point" },
        { new ZoneRuleSpec { Id = "z", Polygon = Polygon.Of(new(0.1f, 0.1f), new(0.3f, 0.3f), new(0.5f, 0.5f)) }, "rules[0].polygon", "crosses itself" },
        { new ZoneRuleSpec { Id = "z", Polygon = null! }, "rules[0].polygon", "is required" },
        { new ZoneRuleSpec { Id = "z", Polygon = new Polygon(Enumerable.Range(0, 300).Select(i => new PointF(0.5f + 0.4f * MathF.Cos(i * MathF.Tau / 300), 0.5f + 0.4f * MathF.Sin(i * MathF.Tau / 300))).ToArray()) }, "rules[0].polygon", "has 300 points; at most 256 are allowed" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, ReportEnter = false, ReportExit = false }, "rules[0].reportEnter", "could never report anything" },
        { new LineCrossingRuleSpec { Id = "l", A = new(0.3f, 0.3f), B = new(0.3f, 0.3f) }, "rules[0].b", "a line needs two distinct points" },
        { new LineCrossingRuleSpec { Id = "l", A = new(-0.1f, 0.3f), B = new(0.3f, 0.3f) }, "rules[0].a", "outside the frame" },
        { new LineCrossingRuleSpec { Id = "l", A = new(0, 0.3f), B = new(1, 0.3f), Hysteresis = 0.6f }, "rules[0].hysteresis", "below 0.5" },
        { new LineCrossingRuleSpec { Id = "l", A = new(0, 0.3f), B = new(1, 0.3f), Direction = (CrossingDirection)7 }, "rules[0].direction", "use one of Both, In, Out" },
        { new LoiteringRuleSpec { Id = "t", Polygon = Square, Threshold = TimeSpan.Zero }, "rules[0].threshold", "must be a positive duration, got 0 s" },
        { new OccupancyRuleSpec { Id = "o", Polygon = Square, Limit = -1, Duration = TimeSpan.FromSeconds(1) }, "rules[0].limit", "must not be negative" },
        { new OccupancyRuleSpec { Id = "o", Polygon = Square, Limit = 0, Condition = OccupancyCondition.FewerThan, Duration = TimeSpan.FromSeconds(1) }, "rules[0].limit", "can never happen" },
        { new OccupancyRuleSpec { Id = "o", Polygon = Square, Limit = 1, Duration = TimeSpan.FromSeconds(-2) }, "rules[0].duration", "got -2 s" },
        { new StationaryObjectRuleSpec { Id = "s", Threshold = TimeSpan.FromSeconds(5), MaxMovement = 0f }, "rules[0].maxMovement", "more than 0" },
        { new CameraHealthRuleSpec { Id = "h", NoFramesAfter = null, FrozenAfter = null, BlackoutAfter = null }, "rules[0]", "checks nothing" },
        { new CameraHealthRuleSpec { Id = "h", FrozenAfter = TimeSpan.Zero }, "rules[0].frozenAfter", "positive duration" },
        { new CameraHealthRuleSpec { Id = "h", BlackoutMaxLuma = 300f }, "rules[0].blackoutMaxLuma", "between 0 and 255" },
        { new ZoneRuleSpec { Id = "", Polygon = Square }, "rules[0].id", "is required" },
        { new ZoneRuleSpec { Id = "front door", Polygon = Square }, "rules[0].id", "letters, digits" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, Classes = ClassFilter.Of("persn") }, "rules[0].classes[0]", "'persn' is not a class this camera's models detect (they detect: bicycle, car, person); did you mean 'person'?" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, Classes = ClassFilter.Of("truck") }, "rules[0].classes[0]", "(they detect: bicycle, car, person)" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, MinConfidence = 1.5f }, "rules[0].minConfidence", "must be between 0 and 1, got 1.5" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, MinConfidence = float.NaN }, "rules[0].minConfidence", "must be between 0 and 1" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, MinBoxSize = new SizeF(0.1f, 2f) }, "rules[0].minBoxSize", "got 0.1 x 2" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, Anchor = (AnchorPoint)42 }, "rules[0].anchor", "BottomCenter" },
        { new ZoneRuleSpec { Id = "z", Polygon = Square, Cooldown = TimeSpan.FromSeconds(-1) }, "rules[0].cooldown", "must not be negative" },
    };

    [Theory]
    [MemberData(nameof(InvalidRules))]
    public void Invalid_field_is_named_and_explained(RuleSpec rule, string path, string message)
    {
        var error = Assert.Single(Validator.Validate([rule]));
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Duplicate_ids_point_at_the_first_use()
    {
        var rules = EveryKind().Append(new ZoneRuleSpec { Id = "line", Polygon = Square }).ToArray();
        var error = Assert.Single(Validator.Validate(rules));
        Assert.Equal(("rules[6].id", "'line' is already the id of rules[1]; each rule of a camera needs its own id"), (error.Path, error.Message));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        RuleSpec[] rules =
        [
            new ZoneRuleSpec { Id = "a", Polygon = Polygon.Of(new(0, 0), new(1, 1)) },
            new LineCrossingRuleSpec { Id = "a", A = new(2, 0), B = new(0, 0), Classes = ClassFilter.Of("dog") },
            null!,
        ];
        var paths = Validator.Validate(rules).Select(e => e.Path).ToArray();
        Assert.Equal(["rules[0].polygon", "rules[1].id", "rules[1].classes[0]", "rules[1].a", "rules[2]"], paths);
    }

    [Fact]
    public void An_unknown_class_of_a_coco_camera_lists_all_eighty_classes_and_suggests_the_near_one()
    {
        string[] coco =
        [
            "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light", "fire hydrant",
            "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra",
            "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
            "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork",
            "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut",
            "cake", "chair", "couch", "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote",
            "keyboard", "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
            "teddy bear", "hair drier", "toothbrush",
        ];
        var rules = new RuleSpec[] { new LineCrossingRuleSpec { Id = "fence", A = new(0, 0.5f), B = new(1, 0.5f), Classes = ClassFilter.Of("person", "Car", "lorry") } };

        var errors = new RuleSetValidator(coco).Validate(rules);

        Assert.Equal(["rules[0].classes[1]", "rules[0].classes[2]"], errors.Select(e => e.Path));
        Assert.EndsWith("did you mean 'car'?", errors[0].Message);
        Assert.StartsWith("'lorry' is not a class this camera's models detect (they detect: airplane, apple, backpack,", errors[1].Message);
        Assert.Contains("toothbrush, traffic light, train, truck, tv, umbrella, vase, wine glass, zebra)", errors[1].Message);
    }

    [Fact]
    public void Without_known_classes_any_class_name_is_accepted()
    {
        Assert.Empty(new RuleSetValidator().Validate([new ZoneRuleSpec { Id = "z", Polygon = Square, Classes = ClassFilter.Of("forklift") }]));
        Assert.Single(new RuleSetValidator([]).Validate([new ZoneRuleSpec { Id = "z", Polygon = Square, Classes = ClassFilter.Of("forklift") }]));
    }

    [Fact]
    public void Invalid_set_is_rejected_whole_with_readable_message()
    {
        RuleSpec[] rules = [new ZoneRuleSpec { Id = "ok", Polygon = Square }, new LoiteringRuleSpec { Id = "bad", Polygon = Square, Threshold = TimeSpan.Zero }];
        var error = Assert.Throws<RuleSetValidationException>(() => Validator.EnsureValid(rules));
        Assert.Equal("The rule set is invalid: rules[1].threshold: must be a positive duration, got 0 s", error.Message);
        Assert.Throws<RuleSetValidationException>(() => new RuleEngine("cam", rules));
    }

    [Fact]
    public void Missing_rule_list_is_an_error()
    {
        var error = Assert.Single(Validator.Validate(null));
        Assert.Equal("rules", error.Path);
    }
}
