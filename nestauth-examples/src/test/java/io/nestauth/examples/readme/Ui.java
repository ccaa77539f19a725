package io.nestauth.examples.readme;

import java.util.List;

/** Stands for the application's own user interface in the README snippets; not part of the SDK. */
interface Ui {
  void showError(String message);

  void showLoginScreen();

  void showWelcome(String name);

  /** @return the one-time code the user typed */
  String askForCode();

  void showQrCode(String pngDataUrl);

  void showRecoveryCodesOnce(List<String> codes);
}
