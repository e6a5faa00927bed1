using System.CommandLine;
using ActorVision.Cli.Output;

namespace ActorVision.Cli.Commands;

/// <summary>`cluster show|leave|down|down-unreachable` and `sharding region-stats`.</summary>
public static class ClusterCommands
{
    public static Command Cluster(CliRuntime runtime)
    {
        var cluster = new Command("cluster", "Cluster membership: show members, make a node leave, down nodes");

        var show = new Command("show", "List the members: address, status, reachability, roles, up since, leader");
        runtime.Handle(show, async (scope, ct) =>
        {
            var reply = await scope.Client.GetMembersAsync(ct);
            scope.Show(reply, () => ClusterView.Members(reply, scope.Clock.GetUtcNow()));
        });

        var leaveAddress = AddressArgument("The member to leave gracefully (its shards hand over first)");
        var leave = new Command("leave", "Ask a member to leave the cluster gracefully") { leaveAddress };
        runtime.Handle(leave, async (scope, ct) =>
        {
            var address = scope.Value(leaveAddress);
            scope.Subject = $"member '{address}'";
            var reply = await scope.Client.LeaveAsync(address, ct);
            scope.Show(reply, () => ClusterView.Action("leaving", reply));
        });

        var downAddress = AddressArgument("The member to mark down (use for a node that is dead, not one that is running)");
        var down = new Command("down", "Mark a member down so its shards move elsewhere") { downAddress };
        runtime.Handle(down, async (scope, ct) =>
        {
            var address = scope.Value(downAddress);
            scope.Subject = $"member '{address}'";
            var reply = await scope.Client.DownAsync(address, ct);
            scope.Show(reply, () => ClusterView.Action("downed", reply));
        });

        var downUnreachable = new Command("down-unreachable", "Mark every unreachable member down");
        runtime.Handle(downUnreachable, async (scope, ct) =>
        {
            var reply = await scope.Client.DownUnreachableAsync(ct);
            scope.Show(reply, () => ClusterView.Action("downed", reply));
        });

        cluster.Subcommands.Add(show);
        cluster.Subcommands.Add(leave);
        cluster.Subcommands.Add(down);
        cluster.Subcommands.Add(downUnreachable);
        return cluster;
    }

    public static Command Sharding(CliRuntime runtime)
    {
        var sharding = new Command("sharding", "Shard regions");
        var region = new Option<string>("--region")
        {
            Description = "Only this region (camera, job); default: every region",
            HelpName = "name",
        };
        var stats = new Command("region-stats", "Shards and entities per region and node, naming the node each count comes from") { region };
        runtime.Handle(stats, async (scope, ct) =>
        {
            var name = scope.Parse.GetValue(region) ?? "";
            scope.Subject = name.Length > 0 ? $"region '{name}'" : null;
            var reply = await scope.Client.GetShardStatsAsync(name, ct);
            scope.Show(reply, () => ClusterView.ShardStats(reply));
        });
        sharding.Subcommands.Add(stats);
        return sharding;
    }

    private static Argument<string> AddressArgument(string description)
    {
        var argument = new Argument<string>("address") { Description = description + " (akka.tcp://actorvision@host:port)" };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(value) || !value.Contains("://", StringComparison.Ordinal) || !value.Contains('@', StringComparison.Ordinal))
                result.AddError($"'{value}' is not a member address: expected akka.tcp://actorvision@host:port as `avctl cluster show` lists them");
        });
        return argument;
    }
}
