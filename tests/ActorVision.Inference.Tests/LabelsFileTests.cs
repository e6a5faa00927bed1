using ActorVision.Inference.Models;
using ActorVision.Tests;

namespace ActorVision.Inference.Tests;

public sealed class LabelsFileTests
{
    [Fact]
    public void Numbered_lines_keep_their_ids_and_gaps_stay_unnamed()
    {
        var names = LabelsFile.Parse(["0  person", "1  bicycle", "", "3  motorcycle", "10  traffic light"]);

        Assert.Equal(11, names.Length);
        Assert.Equal(["person", "bicycle", "", "motorcycle"], names[..4]);
        Assert.Equal("traffic light", names[10]);
    }

    [Fact]
    public void Bare_names_are_numbered_by_line()
    {
        Assert.Equal(["person", "traffic light", "dog"], LabelsFile.Parse(["person", "traffic light", "dog"]));
    }

    [Fact]
    public void Mixed_forms_and_repeated_ids_are_refused()
    {
        Assert.Contains("mixes", Assert.Throws<FormatException>(() => LabelsFile.Parse(["0 person", "bicycle"], "x.txt")).Message);
        Assert.Contains("class id 0 twice", Assert.Throws<FormatException>(() => LabelsFile.Parse(["0 person", "0 bicycle"], "x.txt")).Message);
        Assert.Contains("no class", Assert.Throws<FormatException>(() => LabelsFile.Parse(["", " "], "x.txt")).Message);
    }

    [Fact]
    public void The_shipped_coco_labels_name_80_classes_under_ids_0_to_89()
    {
        var names = LabelsFile.Read(TestAssets.CocoLabels);

        Assert.Equal(90, names.Length);
        Assert.Equal(80, names.Count(n => n.Length > 0));
        Assert.Equal(["person", "bicycle", "car", "motorcycle"], names[..4]);
        Assert.Equal("bus", names[5]);
        Assert.Equal("truck", names[7]);
    }

    [Fact]
    public void A_threshold_for_a_class_the_model_does_not_have_is_a_spec_error()
    {
        var spec = Specs.Coco() with { ClassScoreThresholds = new Dictionary<string, float> { ["persn"] = 0.4f, ["car"] = 1.5f } };

        var error = Assert.Throws<ArgumentException>(spec.Validate);

        Assert.Contains("class-score-thresholds names 'persn', which is not in the labels file", error.Message);
        Assert.Contains("class-score-thresholds.\"car\" 1.5 is outside [0, 1]", error.Message);
    }
}
