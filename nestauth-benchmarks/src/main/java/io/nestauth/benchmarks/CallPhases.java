package io.nestauth.benchmarks;

import io.nestauth.client.InMemoryTokenStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.StoredTokens;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Where in a call the SDK's extra time goes: each call's wall time is cut at two OkHttp events into
 * (1) the client's work before the request is written (arguments, request building, JSON writing,
 * interceptors, OkHttp's chain up to {@code requestHeadersStart}), (2) the request written and sent,
 * the server's work and the response headers read (up to {@code responseHeadersEnd}; the same bytes
 * for both clients but for the User-Agent) and (3) the client's work after that (body reading, JSON
 * parsing and, for the SDK, storing the session). SDK and raw alternate
 * in blocks as in {@link Paired}, on their own server and clients so that the listener does not touch
 * the measurements of sections 3–4.
 *
 * <p>Single-threaded: the listener keeps the timestamps of the one call in flight in plain fields.
 */
public final class CallPhases {
  /** The phases, in order. */
  public static final List<String> NAMES = List.of("client, before the request is written", "I/O and server",
      "client, after the response headers");

  /**
   * @param call which call
   * @param sdkP50 per phase, the median over the SDK's calls, µs
   * @param rawP50 the same for raw
   * @param sdkTotalP50 the median of the SDK's whole calls, µs
   * @param rawTotalP50 the same for raw
   * @param blocks block pairs measured
   * @param callsPerBlock calls per block
   */
  public record Split(String call, double[] sdkP50, double[] rawP50, double sdkTotalP50, double rawTotalP50, int blocks,
      int callsPerBlock) {
  }

  /** Records the two cut points of the call in flight. */
  private static final class Cuts extends EventListener {
    long writing;
    long headersRead;

    @Override
    public void requestHeadersStart(Call call) {
      writing = System.nanoTime();
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
      headersRead = System.nanoTime();
    }
  }

  private CallPhases() {
  }

  /** Measures {@code GET /auth/me} and {@code POST /auth/login}, in that order or reversed. */
  public static List<Split> measure(boolean meFirst, int warmupCalls, int blocks, int callsPerBlock) throws Exception {
    Cuts cuts = new Cuts();
    try (FakeNestAuthServer server = FakeNestAuthServer.start()) {
      OkHttpClient http = new OkHttpClient.Builder().eventListener(cuts).build();
      InMemoryTokenStore store = new InMemoryTokenStore();
      store.save(new StoredTokens(server.validAccessToken(), server.refreshToken(), false, null));
      RawClient raw = new RawClient(http, server.baseUrl());
      raw.setTokens(server.validAccessToken(), server.refreshToken());
      try (NestAuthClient sdk = NestAuthClient.builder().baseUrl(server.baseUrl()).tokenStore(store).httpClient(http).build()) {
        Paired.Call sdkMe = sdk::getSessionUserData;
        Paired.Call rawMe = raw::getSessionUser;
        Paired.Call sdkLogin = () -> sdk.loginWithEmail(Wire.EMAIL, Wire.PASSWORD);
        Paired.Call rawLogin = () -> raw.loginWithEmail(Wire.EMAIL, Wire.PASSWORD);
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          boolean me = (i == 0) == meFirst;
          splits.add(me ? split("getSessionUserData()", sdkMe, rawMe, cuts, warmupCalls, blocks, callsPerBlock)
              : split("loginWithEmail()", sdkLogin, rawLogin, cuts, warmupCalls, blocks, callsPerBlock));
        }
        return splits;
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  private static Split split(String name, Paired.Call sdk, Paired.Call raw, Cuts cuts, int warmupCalls, int blocks,
      int callsPerBlock) throws Exception {
    for (int i = 0; i < warmupCalls; i++) {
      sdk.call();
      raw.call();
    }
    int calls = blocks * callsPerBlock;
    long[][] sdkTimes = new long[NAMES.size() + 1][calls];
    long[][] rawTimes = new long[NAMES.size() + 1][calls];
    for (int block = 0; block < blocks; block++) {
      boolean sdkFirst = block % 2 == 0;
      timeBlock(sdkFirst ? sdk : raw, cuts, sdkFirst ? sdkTimes : rawTimes, block * callsPerBlock, callsPerBlock);
      timeBlock(sdkFirst ? raw : sdk, cuts, sdkFirst ? rawTimes : sdkTimes, block * callsPerBlock, callsPerBlock);
    }
    double[] sdkP50 = new double[NAMES.size()];
    double[] rawP50 = new double[NAMES.size()];
    for (int phase = 0; phase < NAMES.size(); phase++) {
      sdkP50[phase] = median(sdkTimes[phase]);
      rawP50[phase] = median(rawTimes[phase]);
    }
    return new Split(name, sdkP50, rawP50, median(sdkTimes[NAMES.size()]), median(rawTimes[NAMES.size()]), blocks,
        callsPerBlock);
  }

  private static void timeBlock(Paired.Call call, Cuts cuts, long[][] into, int offset, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      // a call that skipped an event must not reuse the previous call's time stamps
      cuts.writing = 0;
      cuts.headersRead = 0;
      long start = System.nanoTime();
      call.call();
      long end = System.nanoTime();
      into[0][offset + i] = cuts.writing - start;
      into[1][offset + i] = cuts.headersRead - cuts.writing;
      into[2][offset + i] = end - cuts.headersRead;
      into[3][offset + i] = end - start;
    }
  }

  /** @return the median in µs, by the same definition as the paired latency's */
  private static double median(long[] nanos) {
    return Paired.percentile(nanos, 50) / 1e3;
  }
}
