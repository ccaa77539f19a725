package io.nestauth.examples.readme;

import io.nestauth.client.Account;
import io.nestauth.client.Accounts;
import io.nestauth.client.FileAccountStore;
import io.nestauth.client.NestAuthClient;
import io.nestauth.client.SessionUser;
import okhttp3.OkHttpClient;

import java.nio.file.Path;
import java.util.List;

/** README: Several accounts. */
final class SeveralAccountsSnippets {
  private SeveralAccountsSnippets() {
  }

  /** @return who the work account's client says is signed in */
  static SessionUser workAndHome(NestAuthClient auth, OkHttpClient appHttpClient, Path accountsFolder, String workEmail,
      String workPassword, String homeEmail, String homePassword) {
    // tag::several-accounts[]
    // one folder (e.g. ~/.my-app/accounts): the list of accounts, and each account's session in a file of its own
    Accounts accounts = auth.accounts(new FileAccountStore(accountsFolder));

    accounts.signIn(client -> client.loginWithEmail(workEmail, workPassword)).execute();
    accounts.signIn(client -> client.loginWithEmail(homeEmail, homePassword)).execute(); // active now; work stays

    List<Account> signedIn = accounts.list();          // [work, home]: id, email or phone, tenant, isActive()
    String work = signedIn.get(0).id();
    accounts.switchTo(work);                            // no request: the next calls are work's
    SessionUser me = accounts.activeClient().orElseThrow().getSessionUserData().execute();

    OkHttpClient api = appHttpClient.newBuilder()       // your own API calls follow the active account
        .addInterceptor(accounts.authInterceptor())
        .build();

    accounts.signOut(work).execute();                   // home stays signed in, and is active again
    // end::several-accounts[]
    return me;
  }
}
