using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>One message as a subscriber got it.</summary>
public sealed record ReceivedMessage(string Topic, string EventId, string CameraId, long Offset, DateTime WallTime, MqttQualityOfServiceLevel Qos, DateTime At);

/// <summary>
/// A real MQTT subscriber of <c>actorvision/events/#</c> at QoS 1, as a consumer of the events would run one. With a
/// persistent session (MQTT 5 clean start off, session kept for an hour) the broker queues what is published while
/// it is away, and across a broker restart when the broker persists its sessions.
/// </summary>
public sealed class MqttSubscriber : IDisposable
{
    private readonly MqttClientFactory _factory = new();
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();

    private MqttSubscriber(MqttClientOptions options)
    {
        _options = options;
        _client = _factory.CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            using var json = JsonDocument.Parse(e.ApplicationMessage.ConvertPayloadToString());
            var root = json.RootElement;
            _received.Enqueue(new ReceivedMessage(e.ApplicationMessage.Topic, root.GetProperty("id").GetString()!, root.GetProperty("cameraId").GetString()!,
                long.Parse(root.GetProperty("offset").GetString()!), root.GetProperty("wallTime").GetDateTime().ToUniversalTime(),
                e.ApplicationMessage.QualityOfServiceLevel, DateTime.UtcNow));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<ReceivedMessage> Received => _received.ToArray();

    public static async Task<MqttSubscriber> ConnectAsync(int port, string clientId, string? username = null, string? password = null, bool persistentSession = false)
    {
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500);
        if (username is not null) builder.WithCredentials(username, password);
        if (persistentSession) builder.WithCleanStart(false).WithSessionExpiryInterval(3600);
        var subscriber = new MqttSubscriber(builder.Build());
        await subscriber._client.ConnectAsync(subscriber._options);
        await subscriber._client.SubscribeAsync(subscriber._factory.CreateSubscribeOptionsBuilder()
            .WithTopicFilter("actorvision/events/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return subscriber;
    }

    /// <summary>Connects again with the same session (after the broker came back); the subscription is the session's.</summary>
    public async Task ReconnectAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                if (_client.IsConnected) return;
                await _client.ConnectAsync(_options);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits until the messages satisfy <paramref name="condition"/>; fails with what arrived.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedMessage>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Received))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} not seen within {timeout.TotalSeconds:0} s; {Received.Count} messages");
            await Task.Delay(50);
        }
    }

    public void Dispose() => _client.Dispose();
}
