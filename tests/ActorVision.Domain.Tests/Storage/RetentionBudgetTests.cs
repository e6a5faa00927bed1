using ActorVision.Domain.Storage;

namespace ActorVision.Domain.Tests.Storage;

public sealed class RetentionBudgetTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    private static StoredItem File(string path, long bytes, TimeSpan age, string? group = null) => new(path, bytes, Now - age, group);

    [Fact]
    public void Items_older_than_the_age_limit_go()
    {
        var budget = new RetentionBudget(TimeSpan.FromDays(7), null);
        var items = new[] { File("a", 10, TimeSpan.FromDays(8)), File("b", 10, TimeSpan.FromDays(6)), File("c", 10, TimeSpan.FromDays(9)) };

        Assert.Equal(["c", "a"], budget.Expired(items, Now, Grace).Select(i => i.Path));
    }

    [Fact]
    public void The_oldest_go_until_the_rest_fit_the_size_limit()
    {
        var budget = new RetentionBudget(null, 250);
        var items = new[] { File("new", 100, TimeSpan.FromHours(1)), File("old", 100, TimeSpan.FromHours(3)), File("mid", 100, TimeSpan.FromHours(2)) };

        Assert.Equal(["old"], budget.Expired(items, Now, Grace).Select(i => i.Path));
        Assert.Equal(["old", "mid"], (budget with { MaxBytes = 100 }).Expired(items, Now, Grace).Select(i => i.Path));
    }

    [Fact]
    public void Items_being_written_and_the_newest_of_each_group_are_never_chosen_but_count_towards_the_size()
    {
        var budget = new RetentionBudget(TimeSpan.FromMinutes(1), 100);
        var items = new[]
        {
            File("lobby-1", 100, TimeSpan.FromHours(2), "lobby"),
            File("lobby-2", 100, TimeSpan.FromHours(1), "lobby"), // the newest of lobby: maybe still recording
            File("yard-1", 100, TimeSpan.FromHours(3), "yard"),   // the only one of yard
            File("loose", 100, TimeSpan.FromSeconds(30)),         // written just now
        };

        Assert.Equal(["lobby-1"], budget.Expired(items, Now, Grace).Select(i => i.Path));
    }

    [Fact]
    public void An_unlimited_budget_deletes_nothing()
    {
        Assert.Empty(RetentionBudget.Unlimited.Expired([File("a", long.MaxValue / 2, TimeSpan.FromDays(999))], Now, Grace));
    }
}
