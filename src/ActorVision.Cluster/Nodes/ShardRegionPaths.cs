using Akka.Actor;

namespace ActorVision.Cluster.Nodes;

/// <summary>Where a node's shard region of a type lives, as a path (Akka puts regions under /system/sharding).</summary>
public static class ShardRegionPaths
{
    public static ActorPath On(Address node, string typeName) => new RootActorPath(node) / "system" / "sharding" / typeName;
}
