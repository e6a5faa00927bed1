using ActorVision.Cli.Output;

namespace ActorVision.Cli.Tests;

public sealed class FormatsTests
{
    [Theory]
    [InlineData(0, "0 cameras")]
    [InlineData(1, "1 camera")]
    [InlineData(1200, "1,200 cameras")]
    public void Counts_take_the_noun_in_the_number_they_need(long count, string expected) =>
        Assert.Equal(expected, Formats.Count(count, "camera"));

    [Fact]
    public void Irregular_plurals_are_given() => Assert.Equal("2 indices", Formats.Count(2, "index", "indices"));
}
