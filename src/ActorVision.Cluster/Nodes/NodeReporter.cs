using Akka.Actor;
using Akka.Cluster;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Contracts;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Remoting.Wire;

namespace ActorVision.Cluster.Nodes;

/// <summary>
/// Answers, for the API of any node, what only this node knows: since when it is Up (Akka's membership carries no
/// time), its model catalog and the latest load its device routers published (it asks them nothing). One per node at
/// <see cref="PathOn"/>; it speaks protobuf (<see cref="NodeProfileRequest"/>, <see cref="NodeProfile"/>), which Akka's
/// remoting serialises as such.
/// </summary>
public sealed class NodeReporter : ReceiveActor
{
    public const string Name = "node-reporter";

    /// <summary>Where the reporter of the node at <paramref name="node"/> is.</summary>
    public static ActorPath PathOn(Address node) => new RootActorPath(node) / "user" / Name;

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly IActorRef _devices;
    private readonly IReadOnlyList<Protocol.V1.Model> _models;
    private readonly Dictionary<string, DeviceLoad> _loads = new(StringComparer.Ordinal);
    private LocalDevices _local = LocalDevices.None;
    private DateTime? _upSince;

    public NodeReporter(ModelCatalog catalog, IActorRef devices)
    {
        _devices = devices;
        _models = ModelMapping.ToProto(catalog);
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address.Equals(_cluster.SelfAddress)) _upSince ??= DateTime.UtcNow;
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<LocalDevices>(local => _local = local);
        Receive<DeviceLoad>(load => _loads[load.Device] = load);
        Receive<NodeProfileRequest>(_ => Sender.Tell(Profile()));
    }

    /// <param name="devices">This node's <see cref="NodeDevices"/>.</param>
    public static Props Props(ModelCatalog catalog, IActorRef devices) =>
        Akka.Actor.Props.Create(() => new NodeReporter(catalog, devices));

    /// <summary>Asks the node at <paramref name="address"/> for its profile; null when it does not answer in time.</summary>
    public static async Task<NodeProfile?> AskAsync(ActorSystem system, Address address, TimeSpan timeout)
    {
        try
        {
            return await system.ActorSelection(PathOn(address)).Ask<NodeProfile>(new NodeProfileRequest(), timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
        Context.System.EventStream.Subscribe(Self, typeof(DeviceLoad));
        _devices.Tell(GetLocalDevices.Instance);
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private NodeProfile Profile()
    {
        var self = _cluster.SelfAddress.ToString();
        var profile = new NodeProfile
        {
            Address = self,
            UpSinceUnixMs = _upSince is { } up ? new DateTimeOffset(up).ToUnixTimeMilliseconds() : 0,
        };
        profile.Roles.AddRange(_cluster.SelfRoles.Order(StringComparer.Ordinal));
        profile.Models.AddRange(_models);
        foreach (var device in _local.Devices)
        {
            profile.Devices.Add(_loads.TryGetValue(device.Name, out var load)
                ? ModelMapping.ToProto(load, self)
                // A router that has not published yet (starting) is shown without numbers.
                : new Protocol.V1.Device { Node = self, Device_ = device.Name, Provider = "(no report yet)" });
        }
        return profile;
    }
}
