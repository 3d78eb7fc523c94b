using KccAssistant.Eval.Benchmark;

namespace KccAssistant.Tests.Bench;

public sealed class ProcessMemoryTests
{
    private const string Status = """
        Name:	dotnet
        State:	S (sleeping)
        VmPeak:	 4000000 kB
        VmHWM:	  524288 kB
        VmRSS:	  262144 kB
        Threads:	21
        """;

    [Fact]
    public void Parse_ProcStatus_RssAndHighWaterMarkInMiB()
    {
        var memory = ProcessMemory.Parse(Status);

        Assert.NotNull(memory);
        Assert.Equal(256, memory.Value.RssMb);
        Assert.Equal(512, memory.Value.PeakRssMb);
    }

    [Fact]
    public void Parse_ZombieWithoutVmLines_IsNull() =>
        Assert.Null(ProcessMemory.Parse("Name:\tdotnet\nState:\tZ (zombie)\n"));

    [SkippableFact]
    public void TryRead_OwnProcess_HasResidentMemory()
    {
        Skip.IfNot(File.Exists("/proc/self/status"), "no /proc on this platform");

        var memory = ProcessMemory.TryRead(Environment.ProcessId);

        Assert.NotNull(memory);
        Assert.True(memory.Value.RssMb > 1);
        Assert.True(memory.Value.PeakRssMb >= memory.Value.RssMb);
    }

    [Fact]
    public void ParseKilobytes_MemTotalLine() =>
        Assert.Equal(24683520, ProcessMemory.ParseKilobytes("MemTotal:       24683520 kB"));
}
