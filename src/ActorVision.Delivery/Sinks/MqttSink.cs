using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ActorVision.Common.Resilience;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;

namespace ActorVision.Delivery.Sinks;

/// <summary>
/// Publishes each event to its topic (<see cref="MqttTopics"/>) with QoS 1 (or 2) and waits for the broker's
/// acknowledgement. One connection per sink, opened when needed: after a failed connection attempt the next waits
/// with exponential backoff (sends meanwhile report the broker unreachable at once instead of hammering it).
/// </summary>
public sealed class MqttSink : IEventSink
{
    private readonly MqttSinkSettings _settings;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _clock;
    private readonly Backoff _reconnect;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private DateTimeOffset _nextConnectAt = DateTimeOffset.MinValue;
    private int _failedConnects;
    private string _lastConnectError = "";
    private volatile string? _certificateProblem;

    public MqttSink(MqttSinkSettings settings, TimeProvider? clock = null)
    {
        _settings = settings;
        _reconnect = new Backoff(settings.ReconnectMinBackoff, settings.ReconnectMaxBackoff);
        _clock = clock ?? TimeProvider.System;
        _client = new MqttClientFactory().CreateMqttClient();
        _options = BuildOptions(settings);
    }

    public string Target => _settings.Target;

    public async Task<DeliveryOutcome> SendAsync(DeliveryItem item, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected && await ConnectAsync(cancellationToken).ConfigureAwait(false) is { } unreachable) return unreachable;

        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(MqttTopics.For(_settings.TopicPrefix, item.Event))
            .WithPayload(EventPayload.Utf8(item))
            .WithQualityOfServiceLevel(_settings.QualityOfService)
            .WithRetainFlag(_settings.Retain);
        if (_settings.ProtocolVersion == MqttProtocolVersion.V500)
        {
            builder.WithContentType("application/json")
                .WithUserProperty("event-id", Encoding.UTF8.GetBytes(item.Event.Id.ToString()).AsMemory())
                .WithUserProperty("offset", Encoding.UTF8.GetBytes(item.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)).AsMemory());
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_settings.Sink.Timeout);
        try
        {
            var result = await _client.PublishAsync(builder.Build(), attempt.Token).ConfigureAwait(false);
            // "No matching subscribers" still means the broker took the message.
            var refusal = $"the broker refused the message: {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : " (" + result.ReasonString + ")")}";
            return result.ReasonCode switch
            {
                MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers => DeliveryOutcome.Delivered,
                // A quota is the broker's "not now", like HTTP 429.
                MqttClientPublishReasonCode.QuotaExceeded => DeliveryOutcome.Unavailable(refusal),
                _ => DeliveryOutcome.Rejected(refusal),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Unreachable($"no acknowledgement within {_settings.Sink.Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is MqttCommunicationException or MqttClientNotConnectedException or InvalidOperationException or IOException)
        {
            return DeliveryOutcome.Unreachable("connection to the broker lost: " + ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // Going away anyway; the broker notices the closed socket.
            }
        }
        _client.Dispose();
        _connectGate.Dispose();
    }

    /// <summary>Connects unless connected; null when connected, otherwise why not.</summary>
    private async Task<DeliveryOutcome?> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client.IsConnected) return null;
            var now = _clock.GetUtcNow();
            if (now < _nextConnectAt)
                return DeliveryOutcome.Unreachable($"{_lastConnectError} (next connection attempt in {(_nextConnectAt - now).TotalSeconds:0.#} s)");
            string error;
            _certificateProblem = null;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(_settings.Sink.Timeout);
            try
            {
                var result = await _client.ConnectAsync(_options, attempt.Token).ConfigureAwait(false);
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    _failedConnects = 0;
                    return null;
                }
                error = $"the broker refused the connection: {result.ResultCode}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"no connection to {_settings.Host}:{_settings.Port} within {_settings.Sink.Timeout.TotalSeconds:0.#} s";
            }
            catch (MqttConnectingFailedException ex)
            {
                error = $"the broker refused the connection: {ex.Message}";
            }
            catch (Exception ex) when (ex is MqttCommunicationException or IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
            {
                error = $"cannot connect to {_settings.Host}:{_settings.Port}: {_certificateProblem ?? Innermost(ex).Message}";
            }
            _failedConnects++;
            _nextConnectAt = _clock.GetUtcNow() + _reconnect.Delay(_failedConnects, random01: 0);
            _lastConnectError = error;
            return DeliveryOutcome.Unreachable(error);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }

    private MqttClientOptions BuildOptions(MqttSinkSettings s)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(s.Host, s.Port)
            .WithClientId(s.ClientId)
            .WithProtocolVersion(s.ProtocolVersion)
            .WithKeepAlivePeriod(s.KeepAlive)
            .WithTimeout(s.Sink.Timeout)
            .WithCleanSession(true);
        if (s.Username.Length > 0) builder.WithCredentials(s.Username, s.Password);
        if (s.Tls.Enabled) builder.WithTlsOptions(ConfigureTls);
        return builder.Build();
    }

    private void ConfigureTls(MqttClientTlsOptionsBuilder tls)
    {
        var s = _settings;
        tls.UseTls(true).WithTargetHost(s.Tls.TargetHost.Length > 0 ? s.Tls.TargetHost : s.Host);
        if (s.Tls.ClientCertificateFile.Length > 0)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(s.Tls.ClientCertificateFile, s.Tls.ClientCertificatePassword);
            tls.WithClientCertificates([certificate]);
        }
        if (s.Tls.AllowUntrusted)
        {
            tls.WithAllowUntrustedCertificates(true).WithIgnoreCertificateChainErrors(true).WithCertificateValidationHandler(_ => true);
            return;
        }
        X509Certificate2Collection? authorities = null;
        if (s.Tls.CaFile.Length > 0)
        {
            authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(s.Tls.CaFile);
        }
        // Our own check in both cases, so that a refused handshake says why (TLS only reports "rejected by the callback").
        tls.WithCertificateValidationHandler(args =>
        {
            _certificateProblem = CertificateProblem(authorities, args.Certificate, args.Chain, args.SslPolicyErrors);
            return _certificateProblem is null;
        });
    }

    /// <summary>
    /// Why the broker's certificate is not acceptable, or null: it must name the host dialled (or tls.target-host) and
    /// chain to the CA of tls.ca-file, or without one to a root this system trusts.
    /// </summary>
    private string? CertificateProblem(X509Certificate2Collection? authorities, X509Certificate? presented, X509Chain? systemChain, SslPolicyErrors errors)
    {
        if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return "the broker sent no certificate";
        var name = _settings.Tls.TargetHost.Length > 0 ? _settings.Tls.TargetHost : _settings.Host;
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return $"the broker's certificate does not name {name}";
        if (authorities is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0 ? null
                : $"the broker's certificate is not trusted by this system ({ChainStatus(systemChain)}); set tls.ca-file to the CA that signed it";
        }
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) ? null : $"the broker's certificate is not signed by the CA in {_settings.Tls.CaFile} ({ChainStatus(chain)})";
    }

    private static string ChainStatus(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0 ? "no chain" : string.Join(", ", chain.ChainStatus.Select(c => c.StatusInformation.Trim().TrimEnd('.')).Distinct());
}
