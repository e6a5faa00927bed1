using ActorVision.Tests;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>The PEM files of a broker's TLS listener: its certificate and key, signed by a CA the test holds.</summary>
public sealed record BrokerTls(string CertificateFile, string KeyFile);

/// <summary>
/// A private Mosquitto broker (Debian's, installed by scripts/setup.sh for tests) on a free loopback port, with its
/// own configuration file: not the system service. Optionally with a password file, a TLS listener (then
/// <see cref="Port"/> speaks TLS and <see cref="PlainPort"/> plain MQTT, for the test's own subscriber) and
/// persistence, so that subscribers' sessions and their queued messages survive <see cref="StopAsync"/> and
/// <see cref="StartAgainAsync"/> on the same ports.
/// </summary>
public sealed class Mosquitto : IDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";
    private readonly string _folder;
    private readonly string _configFile;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    private Mosquitto(string folder, string configFile, int port, int plainPort)
    {
        _folder = folder;
        _configFile = configFile;
        Port = port;
        PlainPort = plainPort;
    }

    /// <summary>The port sinks connect to (TLS when the broker was started with it).</summary>
    public int Port { get; }

    /// <summary>A plain MQTT port on the same broker (the same as <see cref="Port"/> without TLS).</summary>
    public int PlainPort { get; }

    public string Log => string.Join('\n', _log);

    public static async Task<Mosquitto> StartAsync(string? username = null, string? password = null, BrokerTls? tls = null, bool persistent = false)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(Executable)) throw new InvalidOperationException("mosquitto is not installed: run scripts/setup.sh test");
        var folder = Directory.CreateTempSubdirectory("av-mosquitto-").FullName;
        // Started as root, mosquitto reads its files (and writes its persistence) as the 'mosquitto' user.
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        var port = TestPorts.Next();
        var plainPort = tls is null ? port : TestPorts.Next();
        var config = new List<string> { "per_listener_settings false", "log_dest stderr", "log_type error", "log_type warning", "log_type notice" };
        config.Add(persistent ? $"persistence true\npersistence_location {folder}/\nautosave_interval 1" : "persistence false");
        config.Add($"listener {port} 127.0.0.1");
        if (tls is not null)
        {
            config.Add($"certfile {Readable(tls.CertificateFile)}");
            config.Add($"keyfile {Readable(tls.KeyFile)}");
            config.Add($"listener {plainPort} 127.0.0.1");
        }
        if (username is null) config.Add("allow_anonymous true");
        else
        {
            var passwords = Path.Combine(folder, "passwords");
            using (var passwd = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_passwd", ["-c", "-b", passwords, username, password!]) { RedirectStandardError = true })!)
            {
                await passwd.WaitForExitAsync();
                if (passwd.ExitCode != 0) throw new InvalidOperationException("mosquitto_passwd failed: " + await passwd.StandardError.ReadToEndAsync());
            }
            Readable(passwords);
            config.Add("allow_anonymous false");
            config.Add($"password_file {passwords}");
        }
        var file = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllLinesAsync(file, config);
        var broker = new Mosquitto(folder, file, port, plainPort);
        try
        {
            await broker.StartAgainAsync();
            return broker;
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Starts the broker (again) with the same configuration and ports; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("mosquitto is running");
        _process?.Dispose();
        var process = Process.Start(new ProcessStartInfo(Executable, ["-c", _configFile]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) _log.Enqueue(line.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", PlainPort);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"mosquitto did not start: {ex.Message}\n{Log}", ex);
            }
        }
    }

    /// <summary>Stops the broker as a service manager does (SIGTERM: it saves its persistence and closes every connection).</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        if (SendSignal(process.Id, 15) != 0) throw new InvalidOperationException("kill(SIGTERM) of mosquitto failed");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(5000);
        }
        _process?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>Lets the 'mosquitto' user read a file the test wrote (mode 644), returning its path.</summary>
    private static string Readable(string path)
    {
        if (OperatingSystem.IsWindows()) return path; // Mosquitto runs on Linux here; Windows has no modes
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var folder = Path.GetDirectoryName(path)!;
        File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        return path;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
