using System.Text;
using KccAssistant.QuestionLog;
using KccAssistant.Tests.Security;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.ContentGaps;

/// <summary><c>GET /api/content-gaps.csv</c> on the real app: what an editor's key downloads.</summary>
[Collection(SecuredAppCollection.Name)]
public sealed class ContentGapApiTests(SecuredAppFixture app)
{
    [Fact]
    public async Task GetCsv_EditorKey_Utf8BomCsvWithTheUnansweredQuestionNeutralised()
    {
        var log = app.Services.GetRequiredService<IQuestionLog>();
        var question = $"=kosten afvalpas {Guid.NewGuid():N}";
        await log.AppendAsync(InMemoryQuestionLog.Entry(question, DateTimeOffset.UtcNow.AddMinutes(-5)));
        using var client = app.CreateClient(TestAuth.EditorKey);

        using var response = await client.GetAsync("/api/content-gaps.csv");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("inhoudshiaten.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("Status,Voorbeeldvraag,Aantal vragen,", text, StringComparison.Ordinal);
        Assert.Contains($"open,'{question},1,1,0,", text, StringComparison.Ordinal);
    }
}
