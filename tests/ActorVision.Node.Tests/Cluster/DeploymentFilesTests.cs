using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Tests;
using ActorVision.Cluster.Configuration;
using ActorVision.Persistence;
using static ActorVision.Node.Tests.Cluster.DeploymentFiles;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// What can be checked of deploy/ without Docker or Kubernetes: the files parse, the image, ports and variable names
/// match the Dockerfile and hocon/, and the environment each file gives a node makes valid settings.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string[] NodeServices = ["node1", "node2", "node3"];

    /// <summary>Written with the observability work (deploy/prometheus, deploy/grafana); the compose file mounts them.</summary>
    private static readonly string[] ObservabilityFiles = ["deploy/prometheus/prometheus.yml", "deploy/grafana"];

    private static string ComposeFile => Path.Combine(Deploy, "compose", "docker-compose.yml");
    private static string KubernetesFolder => Path.Combine(Deploy, "kubernetes");

    [Fact]
    public void Every_deployment_YAML_file_parses()
    {
        var files = Directory.GetFiles(Path.Combine(Deploy, "compose"), "*.yml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(KubernetesFolder, "*.yaml", SearchOption.AllDirectories))
            .ToArray();

        Assert.True(files.Length >= 9, string.Join(", ", files));
        Assert.All(files, f => Assert.NotEmpty(Documents(f)));
    }

    [Fact]
    public void Compose_runs_three_nodes_of_the_image_with_PostgreSQL_the_test_cameras_Prometheus_and_Grafana()
    {
        var services = Map(At(Documents(ComposeFile).Single(), "services"), "services");
        Assert.Superset(new HashSet<object>(NodeServices.Concat(["secrets", "postgres", "rtsp", "prometheus", "grafana"])), services.Keys.ToHashSet());
        using var secrets = ComposeSecrets.Make();

        foreach (var name in NodeServices)
        {
            var node = services[name];
            Assert.Equal("actorvision/node:latest", Text(node, "image"));
            Assert.True(File.Exists(Path.Combine(Deploy, "compose", Text(node, "build", "context"), Text(node, "build", "dockerfile"))));
            Assert.Subset(BuildArguments().ToHashSet(), Map(At(node, "build", "args"), "build.args").Keys.Cast<string>().ToHashSet());
            // host:container, on the Docker host's loopback; the container side must be a port the image exposes.
            Assert.All(List(At(node, "ports"), "ports"), p => Assert.StartsWith("127.0.0.1:", (string)p));
            Assert.All(List(At(node, "ports"), "ports"), p => Assert.Contains(int.Parse(((string)p).Split(':')[2]), ExposedPorts()));

            var environment = Environment(Map(At(node, "environment"), $"{name}.environment"), secrets.Folder);
            AssertDeclared(environment.Keys, $"compose {name}");
            var settings = SettingsWith(environment);
            Assert.Equal(name, settings.Node.PublicHostname);
            Assert.Equal(PersistenceProvider.PostgreSql, settings.Persistence.Provider);
            Assert.Contains("Host=postgres", settings.Persistence.ConnectionString);
            Assert.Equal(NodeServices.Select(n => $"akka.ssl.tcp://actorvision@{n}:{settings.Node.Port}"), settings.Node.SeedNodes);
            Assert.Contains(settings.Node.Port, ExposedPorts());
        }

        var mounts = services.Values.SelectMany(s => At(s, "volumes") as List<object> ?? [])
            .Select(v => ((string)v).Split(':')[0])
            .Where(source => source.StartsWith('.'))
            .Select(source => Path.GetRelativePath(TestAssets.RepoRoot, Path.GetFullPath(Path.Combine(Deploy, "compose", source))))
            .Distinct()
            .ToArray();
        Assert.Subset(mounts.ToHashSet(), ObservabilityFiles.ToHashSet());
        Assert.All(mounts.Except(ObservabilityFiles).Where(m => m is not ("models" or "media")),
            m => Assert.True(File.Exists(Path.Combine(TestAssets.RepoRoot, m)) || Directory.Exists(Path.Combine(TestAssets.RepoRoot, m)), $"{m} is mounted but missing"));
        Assert.True(File.Exists(Path.Combine(Deploy, "rtsp-test-server", "Dockerfile")));
    }

    [Fact]
    public void The_Kubernetes_StatefulSet_finds_its_pods_through_the_API_with_probes_preStop_and_the_ports_of_the_image()
    {
        var documents = Directory.GetFiles(KubernetesFolder, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(Documents).ToArray();
        var statefulSet = documents.Single(d => Text(d, "kind") == "StatefulSet");
        var pod = At(statefulSet, "spec", "template");
        var container = List(At(pod, "spec", "containers"), "containers").Single();

        Assert.Equal("actorvision/node:latest", Text(container, "image"));
        var ports = List(At(container, "ports"), "ports").ToDictionary(p => Text(p, "name"), p => int.Parse(Text(p, "containerPort")));
        var shipped = SettingsWith(new Dictionary<string, string>());
        Assert.Equal(shipped.Node.Port, ports["remoting"]);
        Assert.Equal(shipped.Node.Discovery.RemotingPortName, ports.Single(p => p.Value == shipped.Node.Port).Key);
        Assert.Equal(ExposedPorts().ToHashSet(), ports.Values.ToHashSet());

        // Probes and preStop address the HTTP port by name (over TLS); the preStop leaves through avctl with the admin
        // key, then waits for the exit.
        Assert.Equal("/ready", Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("http", Text(container, "readinessProbe", "httpGet", "port"));
        Assert.All(new[] { "readinessProbe", "livenessProbe", "startupProbe" }, p => Assert.Equal("HTTPS", Text(container, p, "httpGet", "scheme")));
        var preStop = string.Join(' ', List(At(container, "lifecycle", "preStop", "exec", "command"), "preStop"));
        Assert.Contains("avctl", preStop);
        Assert.Contains("cluster leave", preStop);
        Assert.Contains("AV_API_KEY=\"$(cat \"$AV_API_KEY_FILE\")\"", preStop);
        Assert.Contains("--ca-file /secrets/tls/ca.crt", preStop);
        Assert.Contains("akka.ssl.tcp://", preStop);
        Assert.Contains($":{ports["remoting"]}", preStop);
        Assert.Contains($"/dev/tcp/127.0.0.1/{ports["http"]}", preStop);
        Assert.True(int.Parse(Text(pod, "spec", "terminationGracePeriodSeconds")) > shipped.Node.ShutdownTimeout.TotalSeconds);

        // The environment, with what Kubernetes fills in at run time (the Secrets' files mounted), makes valid
        // Kubernetes-discovery settings, and a node dials each pod by the name that pod calls itself.
        using var secrets = ComposeSecrets.Make();
        var environment = KubernetesEnvironment(List(At(container, "env"), "env"), secrets.Folder);
        AssertDeclared(environment.Keys.Where(k => k is not ("POD_NAME" or "POD_IP")), "the StatefulSet");
        var settings = SettingsWith(environment);
        Assert.Equal(ClusterDiscoveryMethod.Kubernetes, settings.Node.Discovery.Method);
        Assert.Equal(PersistenceProvider.PostgreSql, settings.Persistence.Provider);
        Assert.Equal("actorvision-0.actorvision-nodes.actorvision.svc", settings.Node.PublicHostname);
        Assert.Equal(settings.Node.PublicHostname, settings.Node.Discovery.PodHost(new KubernetesPod("actorvision-0", "10.1.2.3", 4053), "actorvision"));
        Assert.Equal(int.Parse(Text(statefulSet, "spec", "replicas")), settings.Node.Discovery.RequiredPods);

        // Discovery's selector finds exactly these pods, and the service account may list them.
        var labels = Map(At(pod, "metadata", "labels"), "pod labels");
        var selector = settings.Node.Discovery.LabelSelector;
        var (labelKey, labelValue) = (selector.Split('=')[0], selector.Split('=')[1]);
        Assert.Equal(labelValue, labels[labelKey]);
        var account = Text(pod, "spec", "serviceAccountName");
        Assert.Contains(documents, d => Text(d, "kind") == "ServiceAccount" && Text(d, "metadata", "name") == account);
        var role = documents.Single(d => Text(d, "kind") == "Role");
        var rule = List(At(role, "rules"), "rules").Single();
        Assert.Contains("pods", List(At(rule, "resources"), "resources"));
        Assert.Contains("list", List(At(rule, "verbs"), "verbs"));
        var binding = documents.Single(d => Text(d, "kind") == "RoleBinding");
        Assert.Equal(account, Text(List(At(binding, "subjects"), "subjects").Single(), "name"));

        // Services select these pods and target ports the container names.
        foreach (var service in documents.Where(d => Text(d, "kind") == "Service"))
        {
            Assert.Equal(labelValue, Text(service, "spec", "selector", labelKey));
            Assert.All(List(At(service, "spec", "ports"), "ports"), p => Assert.Contains(Text(p, "targetPort"), ports.Keys));
        }
        var kustomization = Documents(Path.Combine(KubernetesFolder, "kustomization.yaml")).Single();
        Assert.All(List(At(kustomization, "resources"), "resources"), r => Assert.True(File.Exists(Path.Combine(KubernetesFolder, (string)r)), (string)r));
    }

    [Fact]
    public void The_image_restores_every_project_the_node_and_avctl_are_built_from()
    {
        // The Dockerfile copies project files one by one for a cached restore layer: a project added under src/
        // and missing here fails the image build only, which no other test runs.
        var dockerfile = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "Dockerfile"));
        var projects = Directory.GetFiles(Path.Combine(TestAssets.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TestAssets.RepoRoot, p).Replace('\\', '/'))
            .ToArray();
        Assert.NotEmpty(projects);
        Assert.All(projects, p => Assert.Contains($"COPY {p} ", dockerfile));
    }

    [Fact]
    public void The_GPU_variant_selects_the_GPU_image_requests_a_GPU_and_runs_inference_on_it()
    {
        var folder = Path.Combine(KubernetesFolder, "gpu");
        var kustomization = Documents(Path.Combine(folder, "kustomization.yaml")).Single();
        var image = List(At(kustomization, "images"), "images").Single();
        Assert.Equal("actorvision/node", Text(image, "name"));
        Assert.Equal("gpu", Text(image, "newTag"));
        Assert.Contains("ORT_FLAVOR", BuildArguments());
        Assert.Contains("ORT_FLAVOR=gpu -t actorvision/node:gpu", File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "Dockerfile")));

        var patch = Documents(Path.Combine(folder, "statefulset-gpu.yaml")).Single();
        var container = List(At(patch, "spec", "template", "spec", "containers"), "containers").Single();
        Assert.Equal("1", Text(container, "resources", "limits", "nvidia.com/gpu"));
        var args = List(At(container, "args"), "args").Cast<string>().ToArray();
        Assert.Equal("--config", args[0]);
        var mount = List(At(container, "volumeMounts"), "volumeMounts").Single();
        Assert.Equal(Path.GetDirectoryName(args[1]), Text(mount, "mountPath"));

        // The file the ConfigMap carries is valid node configuration and puts cuda:0 first.
        var gpuConf = Path.Combine(folder, Path.GetFileName(args[1]));
        var generated = List(At(List(At(kustomization, "configMapGenerator"), "configMapGenerator").Single(), "files"), "files");
        Assert.Contains(Path.GetFileName(gpuConf), generated);
        var inference = InferenceSettings.FromConfig(HoconFiles.Load(HoconFolder, [gpuConf], _ => null));
        Assert.Equal("cuda:0", inference.Devices[0].ToString());
    }

    [Fact]
    public void The_RTSP_test_server_image_installs_the_package_of_every_GStreamer_element_its_mounts_use()
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(TestAssets.RtspTestServerScript);
        start.ArgumentList.Add("--list-elements");
        using var process = System.Diagnostics.Process.Start(start)!;
        var packages = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t')[2])
            .Where(package => package != "libgstreamer1.0-0") // GStreamer's core, which every plugin package depends on
            .ToHashSet();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));

        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "rtsp-test-server", "Dockerfile"));
        Assert.Contains("gstreamer1.0-x", packages);
        Assert.All(packages, package => Assert.Matches($@"\s{System.Text.RegularExpressions.Regex.Escape(package)}(\s|$)", dockerfile));
    }

    [Fact]
    public void The_image_runs_the_node_as_an_unprivileged_user_that_owns_only_its_data_volume()
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "Dockerfile"));
        var (user, group) = ImageUser();
        var data = ImageEnvironment()["AV_DATA"];

        Assert.NotEqual(0, user);
        Assert.NotEqual(0, group);
        Assert.Contains($"install -d -o {user} -g {group} -m 0750 {data}", dockerfile);
        Assert.Contains($"VOLUME {data}", dockerfile);
        // Nothing runs as root after the switch, and the runtime's per-user files go to the writable volume.
        var runtime = dockerfile[dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];
        Assert.DoesNotContain("\nRUN ", runtime[runtime.IndexOf($"USER {user}:{group}", StringComparison.Ordinal)..]);
        Assert.Contains($"HOME={data}", dockerfile);
    }

    [Fact]
    public void Kubernetes_runs_the_node_non_root_on_a_read_only_root_filesystem_without_capabilities()
    {
        var statefulSet = Directory.GetFiles(KubernetesFolder, "*.yaml").SelectMany(Documents).Single(d => Text(d, "kind") == "StatefulSet");
        var pod = At(statefulSet, "spec", "template", "spec");
        var container = List(At(pod, "containers"), "containers").Single();
        var (user, group) = ImageUser();

        Assert.Equal("true", Text(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal(user.ToString(), Text(pod, "securityContext", "runAsUser"));
        Assert.Equal(group.ToString(), Text(pod, "securityContext", "runAsGroup"));
        Assert.Equal(group.ToString(), Text(pod, "securityContext", "fsGroup"));
        Assert.Equal("RuntimeDefault", Text(pod, "securityContext", "seccompProfile", "type"));
        Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Text(container, "securityContext", "allowPrivilegeEscalation"));
        Assert.Equal(["ALL"], List(At(container, "securityContext", "capabilities", "drop"), "drop"));

        // Everything the node writes is a volume: its data folder (a claim per pod) and /tmp (an emptyDir).
        var mounts = List(At(container, "volumeMounts"), "volumeMounts").ToDictionary(m => Text(m, "mountPath"), m => Text(m, "name"));
        var data = SettingsWith(new Dictionary<string, string>()).Node.DataFolder;
        Assert.Equal("data", mounts[data]);
        Assert.Contains(List(At(statefulSet, "spec", "volumeClaimTemplates"), "claims"), c => Text(c, "metadata", "name") == "data");
        var tmp = List(At(pod, "volumes"), "volumes").Single(v => Text(v, "name") == mounts["/tmp"]);
        Assert.NotNull(At(tmp, "emptyDir"));
    }

    [Fact]
    public void Compose_runs_every_node_non_root_on_a_read_only_root_filesystem_without_capabilities()
    {
        var services = Map(At(Documents(ComposeFile).Single(), "services"), "services");
        var (user, group) = ImageUser();
        using var secrets = ComposeSecrets.Make();
        foreach (var name in NodeServices)
        {
            var node = services[name];
            Assert.Equal($"{user}:{group}", Text(node, "user"));
            Assert.Equal("true", Text(node, "read_only"));
            Assert.Contains("/tmp", List(At(node, "tmpfs"), "tmpfs"));
            Assert.Equal(["ALL"], List(At(node, "cap_drop"), "cap_drop"));
            Assert.Contains("no-new-privileges:true", List(At(node, "security_opt"), "security_opt"));
            var data = SettingsWith(Environment(Map(At(node, "environment"), "environment"), secrets.Folder)).Node.DataFolder;
            Assert.Contains(List(At(node, "volumes"), "volumes"), v => ((string)v).Split(':')[1] == data);
        }
    }

    /// <summary>A compose service's environment, with the secrets volume (/secrets) at <paramref name="secrets"/>.</summary>
    private static Dictionary<string, string> Environment(Dictionary<object, object> environment, string secrets) =>
        environment.ToDictionary(e => (string)e.Key, e => ((string)e.Value).Replace("/secrets/", secrets + "/", StringComparison.Ordinal));

    /// <summary>
    /// A container's environment as Kubernetes makes it: field references filled in for pod actorvision-0, Secrets'
    /// keys from test values, $(VAR) replaced by the variables defined before it, and the Secrets mounted under
    /// /secrets (keys, tls, postgres) found in <paramref name="secrets"/> (what make-secrets.sh made).
    /// </summary>
    private static Dictionary<string, string> KubernetesEnvironment(List<object> entries, string secrets)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var value = At(entry, "value") as string;
            if (value is null && At(entry, "valueFrom", "fieldRef", "fieldPath") is string field)
                value = field switch
                {
                    "status.podIP" => "10.1.2.3",
                    "metadata.namespace" => "actorvision",
                    "metadata.name" => "actorvision-0",
                    _ => throw new InvalidOperationException(field),
                };
            value ??= (Text(entry, "valueFrom", "secretKeyRef", "name") + "/" + Text(entry, "valueFrom", "secretKeyRef", "key")) switch
            {
                "actorvision-tls-password/password" => "",
                "actorvision-postgres/connection-string" => "Host=db.example.internal;Port=5432;Database=actorvision;Username=actorvision",
                var other => throw new InvalidOperationException($"the test knows no value for Secret key {other}"),
            };
            value = KubernetesReference().Replace(value, m => values.TryGetValue(m.Groups[1].Value, out var earlier) ? earlier : m.Value);
            values[Text(entry, "name")] = value
                .Replace("/secrets/tls/keystore.p12", Path.Combine(secrets, "node1.pfx"), StringComparison.Ordinal)
                .Replace("/secrets/tls/ca.crt", Path.Combine(secrets, "ca.crt"), StringComparison.Ordinal)
                .Replace("/secrets/keys/", secrets + "/", StringComparison.Ordinal)
                .Replace("/secrets/postgres/password", Path.Combine(secrets, "postgres.password"), StringComparison.Ordinal)
                .Replace("/secrets/postgres/ca.crt", Path.Combine(secrets, "ca.crt"), StringComparison.Ordinal);
        }
        return values;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\(([A-Z_][A-Z0-9_]*)\)")]
    private static partial System.Text.RegularExpressions.Regex KubernetesReference();

    private static void AssertDeclared(IEnumerable<string> variables, string where)
    {
        var known = DeclaredVariables().Keys.Concat(ImageEnvironment().Keys).ToHashSet();
        Assert.All(variables, v => Assert.True(known.Contains(v), $"{where} sets {v}, which neither hocon/ (# env) nor the Dockerfile declares"));
    }
}
