using ActorVision.Domain.Capacity;

namespace ActorVision.Domain.Tests.Capacity;

public class RegionRegistrationWatchTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private static IngestMember Member(string node, MemberPhase phase, bool reachable = true, string? incarnation = null) =>
        new(incarnation ?? node + "#1", node, phase, reachable);

    [Fact]
    public void A_member_still_joining_in_this_nodes_view_is_waited_for_like_one_that_is_up()
    {
        var watch = new RegionRegistrationWatch(Grace);

        var starting = watch.Starting([Member("a", MemberPhase.Up), Member("b", MemberPhase.Joining), Member("c", MemberPhase.Up)], ["a"], Now);

        Assert.Equal(["b", "c"], starting.Order());
    }

    [Fact]
    public void Members_leaving_unreachable_or_registered_are_not_waited_for()
    {
        var watch = new RegionRegistrationWatch(Grace);

        var starting = watch.Starting(
            [Member("a", MemberPhase.Up), Member("b", MemberPhase.Going), Member("c", MemberPhase.Up, reachable: false)], ["a"], Now);

        Assert.Empty(starting);
    }

    [Fact]
    public void A_member_is_waited_for_at_most_the_grace_from_when_it_was_first_seen()
    {
        var watch = new RegionRegistrationWatch(Grace);
        Assert.Equal(["b"], watch.Starting([Member("b", MemberPhase.Joining)], [], Now));
        Assert.Equal(["b"], watch.Starting([Member("b", MemberPhase.Up)], [], Now + Grace - TimeSpan.FromSeconds(1)));

        Assert.Empty(watch.Starting([Member("b", MemberPhase.Up)], [], Now + Grace));
    }

    [Fact]
    public void A_node_restarted_on_the_same_address_gets_a_fresh_grace()
    {
        var watch = new RegionRegistrationWatch(Grace);
        watch.Starting([Member("b", MemberPhase.Up, incarnation: "b#1")], [], Now);

        var later = Now + Grace + TimeSpan.FromSeconds(5);
        Assert.Equal(["b"], watch.Starting([Member("b", MemberPhase.Joining, incarnation: "b#2")], [], later));
    }
}
