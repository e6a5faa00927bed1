using Akka.Actor;
using Akka.Cluster;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Contracts;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Remoting.Wire;

namespace ActorVision.Cluster.Nodes;

/// <summary>
/// Answers, for the API of any node, what only this node knows: since when it is Up (Akka's membership carries no
/// time), its model catalog and the load of its device routers. One per node at <see cref="Path"/>; it speaks protobuf
/// (<see cref="NodeProfileRequest"/>, <see cref="NodeProfile"/>), which Akka's remoting serialises as such.
/// </summary>
public sealed class NodeReporter : ReceiveActor
{
    public const string Name = "node-reporter";
    public const string Path = "/user/" + Name;

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly DeviceDirectory _devices;
    private readonly IReadOnlyList<Protocol.V1.Model> _models;
    private readonly TimeSpan _loadTimeout;
    private DateTime? _upSince;

    public NodeReporter(ModelCatalog catalog, DeviceDirectory devices, TimeSpan loadTimeout)
    {
        _devices = devices;
        _models = ModelMapping.ToProto(catalog);
        _loadTimeout = loadTimeout;
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address.Equals(_cluster.SelfAddress)) _upSince ??= DateTime.UtcNow;
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        ReceiveAsync<NodeProfileRequest>(_ => ReplyAsync(Sender));
    }

    public static Props Props(ModelCatalog catalog, DeviceDirectory devices, TimeSpan loadTimeout) =>
        Akka.Actor.Props.Create(() => new NodeReporter(catalog, devices, loadTimeout));

    /// <summary>Asks the node at <paramref name="address"/> for its profile; null when it does not answer in time.</summary>
    public static async Task<NodeProfile?> AskAsync(ActorSystem system, Address address, TimeSpan timeout)
    {
        try
        {
            return await system.ActorSelection(address + Path).Ask<NodeProfile>(new NodeProfileRequest(), timeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private async Task ReplyAsync(IActorRef replyTo)
    {
        var self = _cluster.SelfAddress.ToString();
        var profile = new NodeProfile
        {
            Address = self,
            UpSinceUnixMs = _upSince is { } up ? new DateTimeOffset(up).ToUnixTimeMilliseconds() : 0,
        };
        profile.Roles.AddRange(_cluster.SelfRoles.Order(StringComparer.Ordinal));
        profile.Models.AddRange(_models);
        foreach (var device in _devices.Devices.Devices)
        {
            try
            {
                var load = await device.Router.Ask<DeviceLoad>(GetDeviceLoad.Instance, _loadTimeout).ConfigureAwait(false);
                profile.Devices.Add(ModelMapping.ToProto(load, self));
            }
            catch (AskTimeoutException)
            {
                // A router busy past the timeout is shown without numbers rather than holding up the answer.
                profile.Devices.Add(new Protocol.V1.Device { Node = self, Device_ = device.Name, Provider = "(no answer)" });
            }
        }
        replyTo.Tell(profile);
    }
}
