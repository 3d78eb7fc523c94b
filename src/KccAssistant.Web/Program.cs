using KccAssistant;
using KccAssistant.Answering.Generative;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Ingest;
using KccAssistant.Telemetry;
using KccAssistant.Web;
using KccAssistant.Web.Security;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = KccPaths.PublishedContentRoot });
builder.Configuration.AddKccSettings();
if (KccPaths.PublishedContentRoot is null)
{
    // Run from source in any environment (the quick start runs in Production): framework and package files such as
    // blazor.web.js live outside wwwroot until publish, and only this manifest says where.
    builder.WebHost.UseStaticWebAssets();
}

builder.Services
    .AddKccCore(builder.Configuration)
    .AddKccEmbeddings(builder.Configuration)
    .AddKccGeneration(builder.Configuration)
    .AddKccIngestion(builder.Configuration)
    .AddKccTelemetry(builder.Configuration, "KccAssistant.Web", metrics => metrics.AddAspNetCoreInstrumentation(), tracing => tracing.AddAspNetCoreInstrumentation())
    .AddKccWeb()
    .AddKccAuth(builder.Configuration);

var app = builder.Build();
app.UseKccWeb();
app.Run();

/// <summary>Entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
