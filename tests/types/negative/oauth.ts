// Each marked line must fail to type-check with the error code it names (see ../check.mjs).
import { localStorageAuthStorage, openAuthorizationPopup, workersKvAuthStorage } from "mistral-edge/oauth";

openAuthorizationPopup(new URL("https://as.example/authorize")); // error TS2345
openAuthorizationPopup("https://as.example/authorize", { timeout: 5 }); // error TS2561
openAuthorizationPopup("https://as.example/authorize", { redirectUri: new URL("https://app.example/cb") }); // error TS2322
const text: string = openAuthorizationPopup("https://as.example/authorize"); // error TS2322
localStorageAuthStorage({ prefix: 1 }); // error TS2322
localStorageAuthStorage().set("k", 1); // error TS2345
workersKvAuthStorage({}); // error TS2345
workersKvAuthStorage({ get: async () => null, put: async () => {}, delete: async () => {} }, { expirationTtl: "60" }); // error TS2322
void text;
