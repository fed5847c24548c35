<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja_JP">
<context>
    <name>AccountInfo</name>
    <message>
        <location filename="../../vb_renew/ui/account_info.py" line="+54"/>
        <source>お客さま情報</source>
        <translation>Customer Information</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>製品名</source>
        <translation>Product name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シリアル番号</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限</source>
        <translation>Expiration date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>あんしん自動更新</source>
        <translation>Auto-Renewal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ご登録メールアドレス</source>
        <translation>Registered email address</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>お支払い状況を確認する</source>
        <translation>Check Payment Status</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>今すぐ更新</source>
        <translation>Renew Now</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>有効</source>
        <translation>On</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>無効</source>
        <translation>Off</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（未登録）</source>
        <translation>(not registered)</translation>
    </message>
</context>
<context>
    <name>AccountRoute</name>
    <message>
        <location filename="../../vb_renew/core/account.py" line="+42"/>
        <source>お手元にウイルスバスター クラウドがインストールされているパソコンがなくても、トレンドマイクロアカウントからアクセスできます。</source>
        <translation>Even without a computer with ウイルスバスター クラウド installed at hand, you can renew from your Trend Micro Account.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>うまくトレンドマイクロアカウントにログインできない場合や、有効期限が切れて1年以上経過している場合は、「ウイルスバスター クラウド」からアクセスしてください。</source>
        <translation>If you cannot log in to your Trend Micro Account, or if your license expired more than a year ago, please renew from ウイルスバスター クラウド instead.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>有効期限が切れて1年以上経過したライセンスは、ここには表示されません。「ウイルスバスター クラウド」のメイン画面から契約を更新してください。</source>
        <translation>Licenses that expired more than a year ago are not shown here. Please renew from the main screen of ウイルスバスター クラウド.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>このライセンスはお申し込み手続き中です。お支払いが確認されると有効期限が延長されます。</source>
        <translation>An order for this license is in progress. The expiration date will be extended once the payment is confirmed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>サーバーの準備ができていません。しばらくしてからもう一度お試しください。</source>
        <translation>The server is not ready. Please try again in a moment.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>有効</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>まもなく有効期限</source>
        <translation>Expiring Soon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限切れ</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/account_licences.py" line="+55"/>
        <source>契約更新するライセンスの選択</source>
        <translation>Choose a License to Renew</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>更新できるライセンスが複数存在します。契約更新するライセンスを選択してください。</source>
        <translation>You have more than one license that can be renewed. Please choose the license to renew.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{product}
シリアル番号: {serial}&#x3000;有効期限: {expiry}</source>
        <translation>{product}
Serial number: {serial}  Expires: {expiry}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>シリアル番号</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限</source>
        <translation>Expiration date</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>今すぐ契約更新</source>
        <translation>Renew Now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{serial} を今すぐ契約更新</source>
        <translation>Renew {serial} now</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>このライセンスはここでは契約更新できません。</source>
        <translation>This license cannot be renewed here.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>ライセンス管理</source>
        <translation>License Management</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>ログアウト</source>
        <translation>Log Out</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>更新したい対象を選択し、[今すぐ契約更新] をクリックしてください。</source>
        <translation>Choose what you want to renew and click [Renew Now].</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>再読み込み</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>このアカウントに表示できるライセンスはありません。</source>
        <translation>There are no licenses to show for this account.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>ログイン中: {email}</source>
        <translation>Logged in as {email}</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/account_login.py" line="+44"/>
        <source>トレンドマイクロアカウントにログイン</source>
        <translation>Log In to Your Trend Micro Account</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+9"/>
        <source>メールアドレス</source>
        <translation>Email address</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+5"/>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ログイン情報を保存</source>
        <translation>Save login information</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>ログイン</source>
        <translation>Log In</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>ログインのエラー</source>
        <translation>Login Error</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>{field}：{message}</source>
        <translation>{field}: {message}</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/account_route.py" line="+130"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>保存されたログイン情報を確認しています…</source>
        <translation>Checking your saved login…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>保存されたログイン情報の有効期限が切れました。もう一度ログインしてください。</source>
        <translation>Your saved login has expired. Please log in again.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>ログインしています…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>ログイン情報の保存</source>
        <translation>Saving Login Information</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>ログイン情報の削除</source>
        <translation>Deleting Login Information</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>ログインの有効期限が切れました。もう一度ログインしてください。</source>
        <translation>Your login has expired. Please log in again.</translation>
    </message>
</context>
<context>
    <name>Api</name>
    <message>
        <location filename="../../vb_renew/core/errors.py" line="+30"/>
        <source>サーバーに接続できません。</source>
        <translation>Cannot connect to the server.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>サーバーからの応答がありません（タイムアウト）。</source>
        <translation>The server did not respond (timeout).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>サーバーでエラーが発生しました（エラー {status}）。</source>
        <translation>An error occurred on the server (error {status}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>サーバーからの応答を読み取れませんでした。</source>
        <translation>The server&apos;s response could not be read.</translation>
    </message>
</context>
<context>
    <name>AutoRenewWarning</name>
    <message>
        <location filename="../../vb_renew/core/renewal_start.py" line="+33"/>
        <source>あんしん自動更新が有効です</source>
        <translation>Auto-Renewal Is On</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このライセンスはあんしん自動更新が有効です。有効期限（{expiry}）の前に、ご登録のクレジットカードで自動的に契約が更新されるため、振込用紙での契約更新は必要ありません。</source>
        <translation>Auto-Renewal is on for this license. It will be renewed automatically with your registered credit card before it expires ({expiry}), so there is no need to renew with a payment slip.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>いま振込用紙で契約更新すると、同じ期間の料金を二重にお支払いいただくことになります。それでも振込用紙で契約更新しますか？</source>
        <translation>If you renew with a payment slip now, you will pay twice for the same period. Do you still want to renew with a payment slip?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>振込用紙で契約更新する</source>
        <translation>Renew with Payment Slip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>CardForm</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/cardcheck.py" line="+24"/>
        <source>カード番号を入力してください。</source>
        <translation>Please enter the card number.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>カード番号は13〜19桁の数字で入力してください。</source>
        <translation>Please enter a card number of 13 to 19 digits.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>カード番号が正しくありません。入力内容をご確認ください。</source>
        <translation>The card number is not valid. Please check what you entered.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>有効期限（月）を選択してください。</source>
        <translation>Please choose the expiration month.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限（年）を選択してください。</source>
        <translation>Please choose the expiration year.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限が過ぎたカードはご利用いただけません。</source>
        <translation>An expired card cannot be used.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>セキュリティコードを入力してください。</source>
        <translation>Please enter the security code.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>セキュリティコードは3桁または4桁の数字で入力してください。</source>
        <translation>Please enter a security code of 3 or 4 digits.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>カード名義を入力してください。</source>
        <translation>Please enter the cardholder name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>カード名義は半角英字で入力してください（例: TARO YAMADA）。</source>
        <translation>Please enter the cardholder name in Latin letters (e.g. TARO YAMADA).</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../../vb_renew/cli_help.py" line="+34"/>
        <source>使用法: </source>
        <translation>usage: </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>引数</source>
        <translation>positional arguments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>オプション</source>
        <translation>options</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このヘルプを表示して終了します</source>
        <translation>show this help message and exit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%(prog)s: エラー: %(message)s
</source>
        <translation>%(prog)s: error: %(message)s
</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>引数 %(argument_name)s: %(message)s</source>
        <translation>argument %(argument_name)s: %(message)s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>次の引数が必要です: %s</source>
        <translation>the following arguments are required: %s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>認識できない引数があります: %s</source>
        <translation>unrecognized arguments: %s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>選択できない値です: %(value)r（%(choices)s から選んでください）</source>
        <translation>invalid choice: %(value)r (choose from %(choices)s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%(type)s の値として正しくありません: %(value)r</source>
        <translation>invalid %(type)s value: %(value)r</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>値を1つ指定してください</source>
        <translation>expected one argument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>値は1つまでです</source>
        <translation>expected at most one argument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>値を1つ以上指定してください</source>
        <translation>expected at least one argument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>値を %s つ指定してください</source>
        <translation>expected %s argument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>値を %s 個指定してください</source>
        <translation>expected %s arguments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>引数 %s と一緒には指定できません</source>
        <translation>not allowed with argument %s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>引数 %s のどれかが必要です</source>
        <translation>one of the arguments %s is required</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>オプション %(option)s があいまいです（%(matches)s のどれにも当てはまります）</source>
        <translation>ambiguous option: %(option)s could match %(matches)s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>値 %r は使われません</source>
        <translation>ignored explicit argument %r</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>表示の言語: ja（日本語）または en（英語）。既定はシステムのロケールの言語です</source>
        <translation>the language shown: ja (Japanese) or en (English); by default the system locale&apos;s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>バージョンを表示して終了します</source>
        <translation>show program&apos;s version number and exit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>期限切れのライセンスの新しい期間を、入金の確認日（既定）と元の有効期限のどちらから数えるか</source>
        <translation>an expired license&apos;s new term counts from the payment&apos;s confirmation (default) or from its old expiry</translation>
    </message>
    <message>
        <location filename="../../vb_renew/qa/walkthrough.py" line="+308"/>
        <source>ウォークスルーの記録: アプリの決まった道筋をたどり、画面ごとの画像と報告書を作ります。</source>
        <translation>The walkthrough recorder: a scripted path through the real app, with a picture of every screen and a report.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>たどる道筋（--list で一覧。既定: {default}）。all: すべての道筋を、それぞれ --out の下の別のフォルダーに</source>
        <translation>the scripted path (--list; default {default}); all: each path, each into its own folder under --out</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ワールド: resources/scenarios/ のシナリオ（既定: 道筋のもの）</source>
        <translation>the world, a scenario of resources/scenarios/ (default: the path&apos;s own)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>画像と報告書を置くフォルダー</source>
        <translation>the folder for the pictures and the reports</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ワールドが始まるシミュレーション上の日（既定: {default}）</source>
        <translation>the simulated day the world starts (default {default})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ワールドの乱数の種（既定: {default}）</source>
        <translation>the world&apos;s seed (default {default})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>決まった道筋を一覧にして終了します</source>
        <translation>list the scripted paths and exit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>それぞれの報告書が、すべての画面をその画像とともに挙げているかを確かめて終了します</source>
        <translation>check that each report lists every screen with its picture, and exit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>--out が必要です</source>
        <translation>--out is required</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--scenario は1つの道筋と一緒に指定します。all とは一緒にできません（道筋ごとにそれぞれのワールドをたどります）</source>
        <translation>--scenario goes with one path, not all (each walks its own world)</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/cli.py" line="+60"/>
        <source>契約更新シミュレーターのバックエンド（模擬の契約更新・ライセンスサービス）です。</source>
        <translation>The renewal simulator&apos;s backend (the simulated renewal and licensing service).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>待ち受けるアドレス（既定: 127.0.0.1）</source>
        <translation>the address to listen on (default: 127.0.0.1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>待ち受けるポート（既定: 8765）。0 なら空いているポートを選びます</source>
        <translation>the port to listen on (default: 8765); 0 picks a free port</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SQLite のデータベースファイル（既定: ユーザーのデータフォルダーの中）</source>
        <translation>SQLite file (default: in the user&apos;s data folder)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>/api/v1/sim/*（シミュレーションの操作）を有効にします</source>
        <translation>enable /api/v1/sim/* (simulation control)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>X-Sim-Token のトークン（既定: 生成して、標準出力に一度だけ表示します）</source>
        <translation>token for X-Sim-Token (default: generated, printed once on stdout)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>生成したトークンを表示せずに FILE に書きます（所有者だけが読めるファイル）</source>
        <translation>write the generated token to FILE (owner-only) instead of printing it</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>新しいデータベースに入れるシナリオ</source>
        <translation>scenario to seed a fresh database with</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シナリオの代わりに新しいデータベースに入れるワールド文書（docs/worlds.md）</source>
        <translation>world document (docs/worlds.md) to seed a fresh database with, instead of a scenario</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>データベースにワールドがあっても、シナリオ（または --world）を読み込み直します</source>
        <translation>load the scenario (or --world) even if the database has a world</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>シミュレーションの乱数の種（同じ種なら同じ結果になります）</source>
        <translation>the simulation&apos;s random seed (the same seed, the same outcomes)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>シミュレーションの1日に当たる実時間の秒数（0: 時計は止まったままです）</source>
        <translation>real seconds per simulated day (0: the clock stands still)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>お申し込みが終わってから、お客さまの情報を消すまでのシミュレーション上の日数（既定: resources/simulation.json の 90。負の値: 消しません）</source>
        <translation>simulated days after an order closes before its customer details are erased (default: resources/simulation.json, 90; negative: never)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>テスターのワールド（/sim/worlds）にリクエストが来ないまま、それを閉じるまでの実時間の秒数（既定: resources/simulation.json の 7200。負の値: 閉じません）</source>
        <translation>real seconds without a request before a tester&apos;s world (/sim/worlds) is dropped (default: resources/simulation.json, 7200; negative: never)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ログのレベル: debug、info、warning、error（既定: info）</source>
        <translation>the log level: debug, info, warning, error (default: info)</translation>
    </message>
    <message>
        <location filename="../../vb_renew/startup.py" line="+39"/>
        <source>{what}（組み込みのバックエンド）</source>
        <translation>{what} (embedded backend)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>ウイルスバスター 契約更新シミュレーター</source>
        <translation>ウイルスバスター renewal simulator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QA: vb-renew walkthrough --help（アプリの決まった道筋をたどり、画面ごとの画像と報告書を作ります）</source>
        <translation>QA: vb-renew walkthrough --help (a scripted path through the app, a picture of every screen, a report)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>すべてのファイル（データベース、設定、キャッシュ）をこのフォルダーの下に置きます</source>
        <translation>keep every file (database, settings, cache) under this folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>組み込みのバックエンドを起動せずに、この URL のバックエンドを使います</source>
        <translation>use the backend at this URL instead of starting the embedded one</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--server のシミュレーション用トークン（QA モード）</source>
        <translation>the simulation token of --server (QA mode)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新しい組み込みデータベースを始めるシナリオ</source>
        <translation>the scenario a new embedded database starts from</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シナリオの代わりに新しい組み込みデータベースを始めるワールド文書（docs/worlds.md）。--reset と一緒なら、データベースにワールドがあっても読み込みます</source>
        <translation>a world document (docs/worlds.md) a new embedded database starts from, instead of a scenario (with --reset: even if the database already has a world)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>データベースにワールドがあっても、シナリオ（指定がなければ既定のシナリオ）を読み込み直します</source>
        <translation>load the scenario (or the default one) even if the database already has a world</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>シミュレーションの1日に当たる実時間の秒数（組み込みのバックエンド）</source>
        <translation>real seconds per simulated day (embedded backend)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>シナリオの模擬のお客さまが、届いた振込用紙をシナリオのとおりに自分で支払います（組み込みのバックエンド。既定では振込用紙の画面の支払いボタンでだけ支払います）</source>
        <translation>the scenario&apos;s simulated customer pays delivered slips on their own, as the scenario says (embedded backend; by default only the slip&apos;s pay buttons pay)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>起動したときに QA パネル（時計、支払い、障害、メール、ワールド、API ログ）を開きます。QA メニューや Ctrl+Shift+Q でも開けます</source>
        <translation>open the QA panel (clock, payments, faults, mails, worlds, API log) at start; also the QA menu or Ctrl+Shift+Q</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>このインストールを確かめます（画面には出さず、一時フォルダーで）。確かめたことを1行ずつ表示し、すべて合格したときだけ終了コード 0 で終わります</source>
        <translation>check this installation (offscreen, temporary folders), print one line per check, exit 0 only if all passed</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>セルフテストの行を FILE にも書きます（Windows のウィンドウアプリには標準出力がありません）</source>
        <translation>also write the self-test&apos;s lines to FILE (a windowed Windows build has no stdout)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>セルフテストがこれより長くかかったら失敗にします（既定: 120）</source>
        <translation>fail the self-test if it takes longer (default: 120)</translation>
    </message>
</context>
<context>
    <name>Credentials</name>
    <message>
        <location filename="../../vb_renew/core/credentials.py" line="+16"/>
        <source>このコンピューターでは資格情報を安全に保存できません（キーリングが使えません）。ログイン情報は保存されませんが、アプリはそのまま使えます。</source>
        <translation>Credentials cannot be stored securely on this computer (no keyring is available). Your login details will not be saved, but you can keep using the app.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>資格情報の保存先（キーリング）でエラーが起きました。ログイン情報は保存されていません。</source>
        <translation>An error occurred in the credential store (keyring). Your login details were not saved.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>保存しようとした資格情報が大きすぎます。ログイン情報は保存されていません。</source>
        <translation>The credentials are too large to store. Your login details were not saved.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../vb_renew/core/errors.py" line="+2"/>
        <source>予期しないエラーが起きました。もう一度お試しください。</source>
        <translation>An unexpected error occurred. Please try again.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>サーバーに接続できません</source>
        <translation>Cannot Connect to the Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>サーバーでエラーが発生しました</source>
        <translation>Server Error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入力内容に誤りがあります</source>
        <translation>Please Check Your Entries</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お手続きを進められません</source>
        <translation>Unable to Proceed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>エラーが発生しました</source>
        <translation>An Error Occurred</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>サーバーからの応答がありません</source>
        <translation>No Response from the Server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>サーバーでエラーが発生しました（エラー {status}）</source>
        <translation>Server Error ({status})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ネットワークの接続を確認してから、もう一度お試しください。</source>
        <translation>Please check your network connection and try again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ネットワークの接続を確認してください。自動的に再試行します。</source>
        <translation>Please check your network connection. The app will retry automatically.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>しばらくしてからもう一度お試しください。</source>
        <translation>Please try again in a moment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>しばらくすると自動的に再試行します。</source>
        <translation>The app will retry automatically in a moment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>エラーのある項目を訂正してから、もう一度お試しください。</source>
        <translation>Please correct the fields marked with errors and try again.</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <location filename="../../vb_renew/ui/language_menu.py" line="+53"/>
        <source>言語</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+13"/>
        <source>表示言語</source>
        <translation>Display Language</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>表示言語を切り替えるには再起動が必要です。今すぐ再起動しますか？</source>
        <translation>vb-renew must restart to switch the display language. Restart now?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>今すぐ再起動しない場合は、次に起動したときから{language}で表示されます。</source>
        <translation>If you restart later, vb-renew will be shown in {language} from its next start.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>今すぐ再起動</source>
        <translation>Restart Now</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>あとで</source>
        <translation>Later</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>表示言語を保存できませんでした。</source>
        <translation>The display language could not be saved.</translation>
    </message>
</context>
<context>
    <name>LeaveGuard</name>
    <message>
        <location filename="../../vb_renew/ui/leave_guard.py" line="+26"/>
        <source>入力を続ける</source>
        <translation>Continue Editing</translation>
    </message>
</context>
<context>
    <name>Mails</name>
    <message>
        <location filename="../../vb_renew/server/service/mails.py" line="+42"/>
        <source>【トレンドマイクロ】お申し込み完了のお知らせ（{number}）</source>
        <translation>[Trend Micro] Your application is complete ({number})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>【トレンドマイクロ】契約更新手続き完了のお知らせ（{number}）</source>
        <translation>[Trend Micro] Your renewal is complete ({number})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} 様</source>
        <translation>Dear {name},</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お客さま</source>
        <translation>Dear customer,</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このたびは契約更新をお申し込みいただき、ありがとうございます。以下の内容でお申し込みを承りました。</source>
        <translation>Thank you for applying to renew your subscription. We have received your application as follows.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ご入金を確認し、契約更新の手続きが完了しました。</source>
        <translation>We have confirmed your payment, and your renewal is complete.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お申し込み番号: {number}</source>
        <translation>Order number: {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お申し込み日: {date}</source>
        <translation>Applied on: {date}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ご入金確認日: {date}</source>
        <translation>Payment confirmed on: {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お支払方法: 振込用紙</source>
        <translation>Payment method: payment slip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払方法: クレジットカード</source>
        <translation>Payment method: credit card</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お支払い金額: {amount}円（税込）</source>
        <translation>Amount: ¥{amount} (tax included)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>・{product}（{years}年）</source>
        <translation>• {product} (years: {years})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#x3000;シリアル番号: {serial}</source>
        <translation>  Serial number: {serial}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#x3000;現在の有効期限: {date}</source>
        <translation>  Current expiration date: {date}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&#x3000;新しい有効期限: {date}</source>
        <translation>  New expiration date: {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、あらかじめご了承ください。</source>
        <translation>Please allow about 1 to 2 weeks for the payment slip to arrive.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お早めに更新手続きをご希望の場合、クレジットカード決済、またはかんたんコンビニ決済をご利用ください。</source>
        <translation>If you would like to renew sooner, please pay by credit card or with the easy convenience-store payment.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>振込用紙が届いたら、コンビニエンスストア、もしくは郵便局でお支払いください。振込用紙の支払期限は発行から{months}か月です。期限を過ぎた場合は、もう一度お申し込みください。</source>
        <translation>When the payment slip arrives, please pay at a convenience store or a post office. The slip can be paid for {months} months from its issue; after that, please apply again.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ご入金が確認でき次第、ご利用端末の有効期限は自動で延長されます。</source>
        <translation>As soon as your payment is confirmed, the expiration date on your devices is extended automatically.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限が延長されていれば、契約更新は完了です。そのままご使用ください。</source>
        <translation>Once the expiry has been extended, the renewal is complete. Please carry on using the product as before.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>（このメールは vb-renew シミュレーターが送信したものです）</source>
        <translation>(This mail was sent by the vb-renew simulator.)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../vb_renew/ui/connection.py" line="+133"/>
        <source>サーバーに接続しています…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>サーバーを起動できませんでした。自動的に再試行します。</source>
        <translation>The server could not be started. Retrying automatically.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/controller.py" line="+297"/>
        <source>前回のお申し込みについて</source>
        <translation>About Your Previous Order</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>前回送信できなかったお申し込みは、このシリアル番号に別のお申し込みが手続き中のため、送信を取りやめました。</source>
        <translation>The order that could not be sent last time has been dropped, because another order for this serial number is already in progress.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>前回送信できなかったお申し込みは、時間がたちすぎたため、二重のお申し込みにならないよう送信を取りやめました。有効期限が延びていない場合は、もう一度お申し込みください。</source>
        <translation>The order that could not be sent last time has been dropped: too much time has passed, and sending it now could place a duplicate order. If your expiration date has not been extended, please apply again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>前回送信できなかったお申し込みは受け付けられず、手続き中のお申し込みもないため、送信を取りやめました。必要な場合はもう一度お申し込みください。</source>
        <translation>The order that could not be sent last time was not received, and no order is in progress, so it has been dropped. Please apply again if needed.</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>契約更新が完了しました（{number}）</source>
        <translation>Renewal complete ({number})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お支払い期限が過ぎました（{number}）</source>
        <translation>Payment deadline passed ({number})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>お支払い状況を確認する（{number}）</source>
        <translation>Check Payment Status ({number})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>お申し込み手続き中です（{count}件）</source>
        <translation>Orders in progress ({count})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お申し込み手続き中です</source>
        <translation>Order in progress</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お申し込みの手続きが終わりました</source>
        <translation>Order processing has ended</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/home_card.py" line="+86"/>
        <source>今すぐ更新</source>
        <translation>Renew Now</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/home_console.py" line="+31"/>
        <source>ウイルス・スパイウェア対策</source>
        <translation>Virus &amp; Spyware Protection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web脅威対策</source>
        <translation>Web Threat Protection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>詐欺対策</source>
        <translation>Fraud Protection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>プライバシー保護</source>
        <translation>Privacy Protection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PCの最適化</source>
        <translation>PC Optimization</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ネットワーク保護</source>
        <translation>Network Protection</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>シミュレーター対象外</source>
        <translation>Not simulated</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>保護機能</source>
        <translation>Protection Features</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>このシミュレーターで使えるのは契約更新の手続きだけです。保護機能は動作しません。</source>
        <translation>This simulator only handles renewal. The protection features do not work.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>スキャン</source>
        <translation>Scan</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/main_window.py" line="+69"/>
        <location line="+234"/>
        <source>ウイルスバスター クラウド</source>
        <translation>ウイルスバスター クラウド</translation>
    </message>
    <message>
        <location line="-154"/>
        <source>トレンドマイクロアカウントから更新</source>
        <translation>Renew from Trend Micro Account</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>状態を確認しています…</source>
        <translation>Checking status…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ライセンス情報を読み込んでいます。</source>
        <translation>Loading license information.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限:----/--/--</source>
        <translation>Expires: ----/--/--</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>有効期限:{date}</source>
        <translation>Expires: {date}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>保護されています</source>
        <translation>You are protected</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このコンピューターは保護されています。</source>
        <translation>This computer is protected.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>保護が停止しています</source>
        <translation>Protection has stopped</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>本製品の有効期限が終了しました</source>
        <translation>This product has expired</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ウイルスやネット詐欺からコンピューターを守るには、契約を更新してください。</source>
        <translation>To protect your computer from viruses and online fraud, please renew your subscription.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>有効期限まであと{days}日です。
あんしん自動更新が有効なため、有効期限の前にご登録のクレジットカードで自動的に1年間更新されます。お手続きは必要ありません。</source>
        <translation>Days left until expiration: {days}.
Auto-Renewal is on, so your subscription will be renewed automatically for 1 year with your registered credit card before it expires. You do not need to do anything.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>有効期限まであと{days}日です。引き続きご利用いただくには、契約を更新してください。</source>
        <translation>Days left until expiration: {days}. To keep using the product, please renew your subscription.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>あんしん自動更新: 有効（クレジットカードで自動更新）</source>
        <translation>Auto-Renewal: On (renews automatically by credit card)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>あんしん自動更新: 無効</source>
        <translation>Auto-Renewal: Off</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>シミュレーション日時: {date} {time}</source>
        <translation>Simulated date and time: {date} {time}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../vb_renew/ui/messages.py" line="+24"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>OrderSummary</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/base.py" line="+246"/>
        <source>シリアル番号</source>
        <translation>Serial Number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>製品</source>
        <translation>Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更新年数</source>
        <translation>Term</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>金額</source>
        <translation>Price</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{name}（アップグレード）</source>
        <translation>{name} (upgrade)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{years}年</source>
        <translation>{years}-year</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>合計金額</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>Payment</name>
    <message>
        <location filename="../../vb_renew/ui/style.py" line="+342"/>
        <source>コンビニエンスストア</source>
        <translation>convenience store</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>郵便局</source>
        <translation>post office</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>クレジットカード</source>
        <translation>credit card</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../vb_renew/selftest/checks.py" line="+103"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>QaPanel</name>
    <message>
        <location filename="../../vb_renew/core/qa.py" line="+56"/>
        <source>振込用紙でのお申し込みではありません。</source>
        <translation>This order is not paid with a payment slip.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙はまだ届いていません。時計を進めると届きます。</source>
        <translation>The payment slip has not arrived yet. Advance the clock to deliver it.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い済みです。</source>
        <translation>Already paid.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い期限が過ぎています。</source>
        <translation>The payment deadline has passed.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/__init__.py" line="+41"/>
        <source>QA</source>
        <translation>QA</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../vb_renew/ui/qa_panel/panel.py" line="+42"/>
        <location line="+2"/>
        <source>QAパネル</source>
        <translation>QA Panel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>QAパネルを表示します（{shortcut}）</source>
        <translation>Show the QA panel ({shortcut})</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/backend.py" line="+26"/>
        <source>サーバーのURL</source>
        <translation>Server URL</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+16"/>
        <source>コピー</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>URLをコピー</source>
        <translation>Copy URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>シミュレーション用トークン</source>
        <translation>Simulation token</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+38"/>
        <source>表示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>トークンを表示</source>
        <translation>Show token</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>トークンをコピー</source>
        <translation>Copy token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>トークン</source>
        <translation>Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>このPCの製品</source>
        <translation>Product on this PC</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>シミュレーションAPI（/api/v1/sim/…）には、ヘッダー X-Sim-Token にこのトークンを付けて要求します。トークンは秘密です。共有しないでください。</source>
        <translation>Requests to the simulation API (/api/v1/sim/…) carry this token in the X-Sim-Token header. The token is secret: do not share it.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>隠す</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>URLをコピーしました。</source>
        <translation>URL copied.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>トークンをコピーしました。</source>
        <translation>Token copied.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/clock.py" line="+32"/>
        <source>停止中</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>動作中：1日 = {duration}（実時間の{times}倍）</source>
        <translation>Running: 1 day = {duration} ({times}× real time)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>自動（手続き中のお申し込みがあるあいだ）</source>
        <translation>Auto (while an order is in progress)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>常に進む</source>
        <translation>Always run</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="+111"/>
        <source>止めておく</source>
        <translation>Keep paused</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>指定なし（止まったまま）</source>
        <translation>Not set (stands still)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+55"/>
        <source>1日 = {duration}</source>
        <translation>1 day = {duration}</translation>
    </message>
    <message>
        <location line="-53"/>
        <source>進み方：{mode}&#x3000;速さ：{speed}</source>
        <translation>Mode: {mode}  Speed: {speed}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{n}日</source>
        <translation>{n} d</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n}時間</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{n}分</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n}秒</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>振込用紙の発送</source>
        <translation>Payment slip mailed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙の到着</source>
        <translation>Payment slip delivered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お客さまのお支払い</source>
        <translation>Paid by the customer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入金の確認</source>
        <translation>Payment confirmed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限の延長</source>
        <translation>Expiration date extended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い期限切れ</source>
        <translation>Payment deadline passed</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>----年--月--日 --:--</source>
        <translation>----/--/-- --:--</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>時計を動かす</source>
        <translation>Run the Clock</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>時計の速さ</source>
        <translation>Clock speed</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>動かす</source>
        <translation>Run</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>止める</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>時計の進み方</source>
        <translation>Clock run mode</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>この進み方にする</source>
        <translation>Apply Mode</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>時計を進める</source>
        <translation>Advance the Clock</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1時間進める</source>
        <translation>Advance 1 Hour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1日進める</source>
        <translation>Advance 1 Day</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1週間進める</source>
        <translation>Advance 1 Week</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次の予定まで進める</source>
        <translation>Advance to Next Event</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>日時を指定する</source>
        <translation>Set Date and Time</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>シミュレーションの日時</source>
        <translation>Simulated date and time</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>この日時にする</source>
        <translation>Set Clock</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>次の予定：{when}</source>
        <translation>Next event: {when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>次の予定：なし</source>
        <translation>Next event: none</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>実行された予定：</source>
        <translation>Scheduled events run:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>・{when}&#x3000;{event}（{order}）{failed}</source>
        <translation>• {when}  {event} ({order}) {failed}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>［実行されず］</source>
        <translation>[not run]</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>実行された予定はありません。</source>
        <translation>No scheduled events were run.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>時計を{now}にしました。</source>
        <translation>The clock is now at {now}.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/common.py" line="+94"/>
        <source>サーバーに接続すると使えます。</source>
        <translation>Available once the app is connected to the server.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/events.py" line="+33"/>
        <source>{ms} ms</source>
        <translation>{ms} ms</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{s} 秒</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>時刻（実時間）</source>
        <translation>Time (real)</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../vb_renew/ui/qa_panel/faults.py" line="+113"/>
        <source>メソッド</source>
        <translation>Method</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../vb_renew/ui/qa_panel/faults.py" line="-6"/>
        <source>パス</source>
        <translation>Path</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>結果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>所要時間</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>QA操作（/sim）</source>
        <translation>QA actions (/sim)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>QA操作（/sim）を表示する</source>
        <translation>Show QA actions (/sim)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>時刻の読み取り</source>
        <translation>Clock reads</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>時刻の読み取りを表示する</source>
        <translation>Show clock reads</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>消去</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>APIの呼び出し（新しい順）</source>
        <translation>API calls (newest first)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>表示 {shown} 件／記録 {kept} 件</source>
        <translation>Shown: {shown} / Recorded: {kept}</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/faults.py" line="-57"/>
        <source>遅延（latency）</source>
        <translation>Delay (latency)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>エラー応答（status）</source>
        <translation>Error response (status)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接続リセット（reset）</source>
        <translation>Connection reset (reset)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>壊れた応答（malformed）</source>
        <translation>Malformed response (malformed)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>無応答（hang）</source>
        <translation>No response (hang)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>応答の消失（drop_response）</source>
        <translation>Response lost (drop_response)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1回だけ</source>
        <translation>Once</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N回ごと</source>
        <translation>Every Nth request</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>確率で</source>
        <translation>With probability</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{n}回ごと</source>
        <translation>Every {n} requests</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>確率{p}</source>
        <translation>p = {p}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>障害の種類</source>
        <translation>Fault type</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+56"/>
        <source>種類</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>対象のパス（前方一致）</source>
        <translation>Target path (prefix match)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>対象のメソッド</source>
        <translation>Target method</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+155"/>
        <source>すべて</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="-151"/>
        <source>遅延（ミリ秒）</source>
        <translation>Delay (ms)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> ミリ秒</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>遅延</source>
        <translation>Delay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HTTPステータス</source>
        <translation>HTTP status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ステータス</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry-After（秒）</source>
        <translation>Retry-After (seconds)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="+52"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry-After</source>
        <translation>Retry-After</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>発生のしかた</source>
        <translation>Trigger mode</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+31"/>
        <source>発生</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>何回ごと</source>
        <translation>Every how many requests</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>発生する確率</source>
        <translation>Probability of firing</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>確率</source>
        <translation>Probability</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="-80"/>
        <source>乱数のシード</source>
        <translation>Random seed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シナリオから</source>
        <translation>From scenario</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="+4"/>
        <source>シード</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>障害を追加</source>
        <translation>Add Fault</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>有効な障害</source>
        <translation>Active Faults</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>有効な障害の一覧</source>
        <translation>List of active faults</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>対象</source>
        <translation>Target</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>一致/発生</source>
        <translation>Matched/Fired</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>選択を削除</source>
        <translation>Remove Selected</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>すべて解除</source>
        <translation>Clear All</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>入力を確認してください：{fields}</source>
        <translation>Please check these fields: {fields}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>障害を追加しました。</source>
        <translation>Fault added.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>選択した障害を削除しました。</source>
        <translation>Selected faults removed.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>障害をすべて解除しました。</source>
        <translation>All faults cleared.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/mailbox.py" line="+25"/>
        <source>件名：{subject}
宛先：{to}
送信日時：{sent}</source>
        <translation>Subject: {subject}
To: {to}
Sent: {sent}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>更新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>メールの一覧（新しい順）</source>
        <translation>Mails (newest first)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>メールの本文</source>
        <translation>Mail text</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{sent}&#x3000;{subject}</source>
        <translation>{sent}  {subject}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count}通（新しい順）</source>
        <translation>Mails: {count} (newest first)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>メールはまだありません。</source>
        <translation>No mail yet.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/panel.py" line="+6"/>
        <source>QAパネルの項目</source>
        <translation>QA panel sections</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="+25"/>
        <source>時計</source>
        <translation>Clock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>支払い</source>
        <translation>Payments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>障害</source>
        <translation>Faults</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メール</source>
        <translation>Mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ワールド</source>
        <translation>World</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>通信ログ</source>
        <translation>API Log</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>接続</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/payments.py" line="+34"/>
        <source>お申し込み受付</source>
        <translation>Order received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙発送済み</source>
        <translation>Slip mailed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙到着済み</source>
        <translation>Slip delivered</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い済み</source>
        <translation>Paid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入金確認済み</source>
        <translation>Payment confirmed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>延長済み</source>
        <translation>Extended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>支払期限切れ</source>
        <translation>Lapsed</translation>
    </message>
    <message>
        <location line="+15"/>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="-23"/>
        <source>指定する</source>
        <translation>Set</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>アプリが追跡しているお申し込みの振込用紙を、お客さまが支払ったことにします。</source>
        <translation>Marks the payment slip of an order the app is tracking as paid by the customer.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>お申し込み</source>
        <translation>Order</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>状況</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>支払う場所</source>
        <translation>Pay at</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>支払う金額</source>
        <translation>Amount to pay</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> 円</source>
        <translation> yen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>金額</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>支払日を指定する</source>
        <translation>Set the payment date</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>支払日</source>
        <translation>Payment date</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>入金確認日を指定する</source>
        <translation>Set the confirmation date</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>入金確認日</source>
        <translation>Confirmation date</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>入金確認の見込み</source>
        <translation>Expected confirmation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>支払う</source>
        <translation>Pay</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{number}（{state}）</source>
        <translation>{number} ({state})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>追跡中のお申し込みはありません</source>
        <translation>No orders being tracked</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>支払期限：{date}</source>
        <translation>Payment deadline: {date}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>振込用紙の金額：{amount}</source>
        <translation>Amount on the payment slip: {amount}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>―</source>
        <translation>—</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{earliest}〜{latest}</source>
        <translation>{earliest} – {latest}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>支払っています…</source>
        <translation>Paying…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{place}で{amount}を支払いました（{number}）。</source>
        <translation>Paid {amount} at the {place} ({number}).</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/qa_panel/worlds.py" line="-47"/>
        <source>シナリオのお客さまが自分で支払う</source>
        <translation>The scenario&apos;s customer pays on their own</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+63"/>
        <source>支払わない（QAが支払う）</source>
        <translation>Does not pay (QA pays)</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>入金確認日から</source>
        <translation>From the payment confirmation date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>もとの有効期限から</source>
        <translation>From the old expiration date</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>ファイルを読めませんでした：{error}</source>
        <translation>Could not read the file: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ワールドファイルはJSONではありません：{error}</source>
        <translation>The world file is not valid JSON: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ワールドファイルの中身がJSONのオブジェクトではありません。</source>
        <translation>The world file does not contain a JSON object.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+1"/>
        <source>シナリオ</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>指定しない</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>開始日を指定する</source>
        <translation>Set the start date</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <source>開始日</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <location line="+28"/>
        <source>お客さまの支払い</source>
        <translation>Customer payment</translation>
    </message>
    <message>
        <location line="-31"/>
        <location line="+6"/>
        <source>シナリオのとおり</source>
        <translation>As in the scenario</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>自分で支払う</source>
        <translation>Pays on their own</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>読み込んだあとの時計</source>
        <translation>Clock after loading</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>読み込むと、いまの世界（お申し込み・メール・障害）はすべて消えます。</source>
        <translation>Loading erases the current world (orders, mails, faults).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>読み込む（リセット）</source>
        <translation>Load (Reset)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ファイルから読み込む…</source>
        <translation>Load from File…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>このワールドの設定</source>
        <translation>This World&apos;s Settings</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>お客さまの支払い（設定）</source>
        <translation>Customer payment (setting)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>期限切れの更新の起算日</source>
        <translation>Start of an expired license&apos;s new term</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>期限切れの更新</source>
        <translation>Expired renewals</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>設定を変更</source>
        <translation>Change Settings</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>読み込まれているシナリオ：{name}</source>
        <translation>Loaded scenario: {name}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>読み込んでいます…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ワールドファイルを選ぶ</source>
        <translation>Choose a World File</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ワールドファイル (*.json)</source>
        <translation>World files (*.json)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{file} を読み込んでいます…</source>
        <translation>Loading {file}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>シナリオ {name}（シード {seed}）を読み込みました。{now}</source>
        <translation>Loaded scenario {name} (seed {seed}). It is now {now}.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>設定を変更しました。</source>
        <translation>Settings changed.</translation>
    </message>
</context>
<context>
    <name>RenewalWizard</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/base.py" line="-75"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>お支払い状況を確認する</source>
        <translation>Check Payment Status</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/wizard/loading.py" line="+75"/>
        <location filename="../../vb_renew/ui/wizard/wizard.py" line="+95"/>
        <source>契約更新のお申し込み</source>
        <translation>Renewal Application</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>再試行</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>契約更新の内容を読み込んでいます…</source>
        <translation>Loading renewal details…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>契約更新の内容を読み込めませんでした。</source>
        <translation>The renewal details could not be loaded.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/wizard/wizard.py" line="+169"/>
        <source>お申し込みのキャンセル</source>
        <translation>Cancel Application</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入力内容が失われます。よろしいですか？</source>
        <translation>What you entered will be lost. Are you sure?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入力内容を破棄する</source>
        <translation>Discard Input</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>入力したお客さま情報と、選んだ製品・年数は保存され、次にお申し込みを始めたときに復元されます。</source>
        <translation>The customer information you entered and the product and term you chose are saved, and will be restored the next time you start an application.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>クレジットカード情報は保存されないため、失われます。</source>
        <translation>Credit card details are not saved and will be lost.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>お申し込みの途中です</source>
        <translation>Application in Progress</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お申し込みの途中です。終了してもよろしいですか？</source>
        <translation>You are in the middle of an application. Do you want to quit?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>終了する</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>前回入力した内容を復元しました。内容をご確認ください。</source>
        <translation>What you entered last time has been restored. Please check it. </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>クレジットカード情報は保存していないため、もう一度入力してください。</source>
        <translation>Credit card details are not saved: please enter them again.</translation>
    </message>
    <message>
        <location line="+167"/>
        <source>お申し込みを送信しています…</source>
        <translation>Sending your order…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>通信に失敗したため、再送信しています（{attempt}回目）…</source>
        <translation>Connection failed; resending (attempt {attempt})…</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>お申し込み</source>
        <translation>Order</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お申し込みを受け付けました。</source>
        <translation>Your order has been received.</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>送信中…</source>
        <translation>Sending…</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <location filename="../../vb_renew/rules/catalogue.py" line="+31"/>
        <source>この製品は取り扱っていません。</source>
        <translation>This product is not offered.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>契約更新年数は1年、2年、3年のいずれかを選択してください。</source>
        <translation>Please choose a renewal of 1, 2 or 3 years.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/rules/customer.py" line="+65"/>
        <source>お名前（姓）</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お名前（名）</source>
        <translation>Given name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フリガナ（セイ）</source>
        <translation>Family name (katakana)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フリガナ（メイ）</source>
        <translation>Given name (katakana)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>郵便番号</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>都道府県</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>市区町村</source>
        <translation>City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>番地</source>
        <translation>Street address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>建物名</source>
        <translation>Building</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メールアドレス</source>
        <translation>Email address</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>お名前（姓）を入力してください。</source>
        <translation>Please enter your family name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お名前（姓）は30文字以内で入力してください。</source>
        <translation>Please enter a family name of at most 30 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お名前（姓）の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。</source>
        <translation>&quot;{char}&quot; in the family name cannot be printed on the payment slip. Please use another character.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>お名前（名）を入力してください。</source>
        <translation>Please enter your given name.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お名前（名）は30文字以内で入力してください。</source>
        <translation>Please enter a given name of at most 30 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お名前（名）の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。</source>
        <translation>&quot;{char}&quot; in the given name cannot be printed on the payment slip. Please use another character.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>フリガナ（セイ）を入力してください。</source>
        <translation>Please enter your family name in katakana.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フリガナ（セイ）は60文字以内で入力してください。</source>
        <translation>Please enter the family name in katakana in at most 60 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フリガナ（セイ）はカタカナで入力してください（「{char}」は使えません）。</source>
        <translation>Please enter the family name in katakana (&quot;{char}&quot; cannot be used).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>フリガナ（メイ）を入力してください。</source>
        <translation>Please enter your given name in katakana.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フリガナ（メイ）は60文字以内で入力してください。</source>
        <translation>Please enter the given name in katakana in at most 60 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>フリガナ（メイ）はカタカナで入力してください（「{char}」は使えません）。</source>
        <translation>Please enter the given name in katakana (&quot;{char}&quot; cannot be used).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>郵便番号を入力してください。</source>
        <translation>Please enter your postal code.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>郵便番号は7桁の数字で入力してください（例: 160-0023）。</source>
        <translation>Please enter a postal code of 7 digits (e.g. 160-0023).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>都道府県を選択してください。</source>
        <translation>Please choose your prefecture.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>都道府県は一覧から選択してください（例: 東京都）。</source>
        <translation>Please choose a prefecture from the list (e.g. 東京都).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>市区町村を入力してください。</source>
        <translation>Please enter your city.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>市区町村は50文字以内で入力してください。</source>
        <translation>Please enter a city of at most 50 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>市区町村の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。</source>
        <translation>&quot;{char}&quot; in the city cannot be printed on the payment slip. Please use another character.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>番地を入力してください。</source>
        <translation>Please enter your street address.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>番地は50文字以内で入力してください。</source>
        <translation>Please enter a street address of at most 50 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>番地の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。</source>
        <translation>&quot;{char}&quot; in the street address cannot be printed on the payment slip. Please use another character.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>建物名は50文字以内で入力してください。</source>
        <translation>Please enter a building of at most 50 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>建物名の「{char}」は振込用紙に印字できない文字です。別の文字で入力してください。</source>
        <translation>&quot;{char}&quot; in the building cannot be printed on the payment slip. Please use another character.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>電話番号を入力してください。</source>
        <translation>Please enter your phone number.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>電話番号を正しく入力してください（例: 03-1234-5678、090-1234-5678）。</source>
        <translation>Please enter a valid phone number (e.g. 03-1234-5678, 090-1234-5678).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>この電話番号はご登録いただけません。電話番号には固定電話、携帯電話（070/080/090）、IP電話（050）、フリーダイヤル（0120/0800）の番号を入力してください。</source>
        <translation>This phone number cannot be registered. Please enter a landline, mobile (070/080/090), IP phone (050) or toll-free (0120/0800) number.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>メールアドレスを入力してください。</source>
        <translation>Please enter your email address.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メールアドレスは254文字以内で入力してください。</source>
        <translation>Please enter an email address of at most 254 characters.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メールアドレスを正しく入力してください（例: taro@example.co.jp）。</source>
        <translation>Please enter a valid email address (e.g. taro@example.co.jp).</translation>
    </message>
    <message>
        <location filename="../../vb_renew/rules/eligibility.py" line="+21"/>
        <source>{date}から契約更新のお手続きができます。</source>
        <translation>You can renew from {date}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>契約期間が終了して2年以上経過しているため、契約更新のお手続きができません。新しく製品をご購入ください。</source>
        <translation>More than 2 years have passed since the subscription ended, so it cannot be renewed. Please buy the product anew.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/rules/lifecycle.py" line="+77"/>
        <source>お申し込みの状態（{state}）では、{event} は起こりません。</source>
        <translation>{event} cannot happen to an order in the state {state}.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/rules/slips.py" line="+163"/>
        <source>振込用紙で支払える金額は1円から999,999円までです。</source>
        <translation>A payment slip can be for ¥1 to ¥999,999.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>支払期限日が振込用紙に記載できる範囲を超えています。</source>
        <translation>The payment deadline does not fit on the payment slip.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙の再発行は9回までです。</source>
        <translation>A payment slip can be reissued at most 9 times.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お申し込み番号が振込用紙に記載できる範囲を超えています。</source>
        <translation>The order number does not fit on the payment slip.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>バーコード番号が正しくありません。</source>
        <translation>The barcode number is not valid.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/rules/upgrades.py" line="+22"/>
        <source>アップグレードする前にあんしん自動更新を解除してください</source>
        <translation>Please turn off Auto-Renewal before upgrading</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>アップグレード可能なシリアル番号がみつかりませんでした</source>
        <translation>No serial number that can be upgraded was found</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web からアップグレードする場合はクレジットカード決済での契約更新となります。</source>
        <translation>An upgrade on the web is paid by credit card.</translation>
    </message>
</context>
<context>
    <name>ServerErrors</name>
    <message>
        <location filename="../../vb_renew/server/errors.py" line="+38"/>
        <source>ログインが必要です。</source>
        <translation>Please log in.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ログイン情報が無効です。もう一度ログインしてください。</source>
        <translation>Your login is not valid. Please log in again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ログインの有効期限が切れました。もう一度ログインしてください。</source>
        <translation>Your login has expired. Please log in again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メールアドレスまたはパスワードが正しくありません。</source>
        <translation>The email address or the password is not correct.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>この製品のシリアル番号を確認できませんでした。</source>
        <translation>This product&apos;s serial number could not be confirmed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ログインに続けて失敗したため、しばらくログインできません。時間をおいてもう一度お試しください。</source>
        <translation>Too many failed logins in a row: logging in is blocked for a while. Please try again later.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シミュレーション操作の権限がありません。</source>
        <translation>You are not allowed to control the simulation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このサーバーではシミュレーション操作は無効です。</source>
        <translation>Simulation control is disabled on this server.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>指定されたシナリオが見つかりません。</source>
        <translation>The scenario you named was not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このPCにインストールされた製品がありません。</source>
        <translation>No product is installed on this PC.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>時刻の指定が正しくありません。</source>
        <translation>The time given is not valid.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シミュレーションの日付は{first}から{last}までです。</source>
        <translation>The simulation&apos;s dates run from {first} to {last}.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ご指定のシリアル番号が見つかりません。</source>
        <translation>The serial number you entered was not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ご指定のお申し込みが見つかりません。</source>
        <translation>The order you asked for was not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>現在のお申し込みの状態ではこの操作はできません。</source>
        <translation>This cannot be done in the order&apos;s current state.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このシリアル番号には手続き中のお申し込みがあります。</source>
        <translation>This serial number already has an order in progress.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同じシリアル番号が複数指定されています。</source>
        <translation>The same serial number was given more than once.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>この製品は更新先として選択できません。</source>
        <translation>This product cannot be chosen for the renewal.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>更新年数は1年・2年・3年から選択してください。</source>
        <translation>Please choose a renewal of 1, 2 or 3 years.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>アップグレードのお申し込みはクレジットカード決済のみご利用いただけます。</source>
        <translation>An upgrade can be paid by credit card only.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このお申し込みではご指定のお支払方法をご利用いただけません。</source>
        <translation>This payment method cannot be used for this order.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このお支払方法は現在ご利用いただけません。</source>
        <translation>This payment method is not available at the moment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>クレジットカード情報を入力してください。</source>
        <translation>Please enter your credit card details.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙でのお支払いにはクレジットカード情報は不要です。</source>
        <translation>No credit card details are needed to pay with a payment slip.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このクレジットカードはご利用いただけませんでした。</source>
        <translation>This credit card was declined.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>セキュリティコードが正しくありません。</source>
        <translation>The security code is not correct.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このカード番号はご利用いただけません（テスト用カード番号を入力してください）。</source>
        <translation>This card number cannot be used (please enter a test card number).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>クレジットカードの有効期限が切れています。</source>
        <translation>The credit card has expired.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い金額が振込用紙の金額と一致しません。金額を訂正した振込用紙はご利用いただけません。</source>
        <translation>The amount paid does not match the amount on the payment slip. A slip whose amount was corrected cannot be used.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙がまだ届いていません。</source>
        <translation>The payment slip has not arrived yet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙の支払期限が過ぎています。もう一度お申し込みください。</source>
        <translation>The payment slip&apos;s deadline has passed. Please apply again.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このお申し込みはお支払い済みです。</source>
        <translation>This order has already been paid.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>このお申し込みは振込用紙でのお支払いではありません。</source>
        <translation>This order is not paid with a payment slip.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idempotency-Key ヘッダーが必要です。</source>
        <translation>The Idempotency-Key header is required.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>この Idempotency-Key は別の内容のお申し込みに使用済みです。</source>
        <translation>This Idempotency-Key was already used for a different order.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>同じお申し込みを処理中です。しばらくしてからもう一度お試しください。</source>
        <translation>The same order is being processed. Please try again in a moment.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>リクエストの形式が正しくありません。</source>
        <translation>The request is malformed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ご指定のページが見つかりません。</source>
        <translation>The page you asked for was not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>この操作はできません。</source>
        <translation>This operation is not allowed.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>必須項目です。</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入力内容が正しくありません。</source>
        <translation>The input is not valid.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入力の形式が正しくありません。</source>
        <translation>The input has the wrong format.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入力が長すぎます。</source>
        <translation>The input is too long.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>値が範囲外です。</source>
        <translation>The value is out of range.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>選択肢の中から指定してください。</source>
        <translation>Please choose one of the options.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>不明な項目が含まれています。</source>
        <translation>The input contains an unknown field.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ただいまサービスを利用できません。しばらくしてからもう一度お試しください。</source>
        <translation>The service is not available right now. Please try again in a moment.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/faults.py" line="+48"/>
        <source>ただいま通信障害が発生しています（QA用に発生させた障害です）。しばらくしてからもう一度お試しください。</source>
        <translation>There is a network fault right now (a fault injected for QA). Please try again in a moment.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ご指定の障害設定が見つかりません。</source>
        <translation>The fault you asked for was not found.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>シミュレーション操作（/sim）には障害を設定できません。</source>
        <translation>Faults cannot be set on simulation control (/sim).</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/service/events.py" line="+41"/>
        <source>シミュレーションの時刻は、記録済みの最後の出来事（{latest}）より前には戻せません。</source>
        <translation>The simulation&apos;s clock cannot go back before the last recorded event ({latest}).</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/service/orders.py" line="+43"/>
        <source>Idempotency-Key が長すぎます。</source>
        <translation>The Idempotency-Key is too long.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idempotency-Key の形式が正しくありません。</source>
        <translation>The Idempotency-Key is malformed.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/service/payments.py" line="+40"/>
        <source>お支払い日（{on}）がシミュレーションの今日（{today}）より後です。</source>
        <translation>The payment date ({on}) is after the simulation&apos;s today ({today}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙が届いたのは{delivered}です。それより前の日にはお支払いできません。</source>
        <translation>The payment slip arrived on {delivered}. It cannot be paid on an earlier day.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>振込用紙の支払期限（{deadline}）より後の日にはお支払いできません。</source>
        <translation>The slip cannot be paid after its deadline ({deadline}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入金確認日は{earliest}から{latest}までの日付を指定してください。</source>
        <translation>Please give a confirmation date from {earliest} to {latest}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙の金額: {amount}円</source>
        <translation>Amount on the payment slip: ¥{amount}</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/service/world.py" line="+49"/>
        <source>お申し込みは、ワールドの今日（{today}）には {expected} ではなく {state} です（{story}）。applied_on・paid・customer を見直してください。</source>
        <translation>On the world&apos;s today ({today}) the order is {state}, not {expected} ({story}). Please check applied_on, paid and customer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{message}（{story}）</source>
        <translation>{message} ({story})</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/world_models.py" line="+58"/>
        <source>ワールドの内容に誤りがあります。details の各項目を確認してください。</source>
        <translation>The world has errors. Please check each item in details.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>日付は {first}〜{last} の YYYY-MM-DD、または {{&quot;years&quot;, &quot;months&quot;, &quot;days&quot;}} の整数で指定してください。</source>
        <translation>Give a date as YYYY-MM-DD from {first} to {last}, or as whole numbers of {{&quot;years&quot;, &quot;months&quot;, &quot;days&quot;}}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>この日付（{date}）はシミュレーションの日付の範囲（{first}〜{last}）の外です。</source>
        <translation>This date ({date}) is outside the simulation&apos;s dates ({first} to {last}).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>シリアル番号 {serial} がワールドの中で重複しています。</source>
        <translation>The serial number {serial} appears more than once in the world.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メールアドレス {email} のアカウントがワールドの中で重複しています。</source>
        <translation>The account with the email address {email} appears more than once in the world.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>このPCにインストールできる製品は1つだけです（{serial} もインストール済みです）。</source>
        <translation>Only one product can be installed on this PC ({serial} is installed too).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>有効期限 {expiry} のライセンスは、ワールドの今日（{today}）にはアカウントに{listed}（有効期限から1年を過ぎるとアカウントに表示されません）。</source>
        <translation>A license expiring {expiry} is {listed} in the account on the world&apos;s today ({today}) (a license is no longer listed one year after its expiry).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>シリアル番号 {serial} はこのアカウントのライセンスにありません。</source>
        <translation>The serial number {serial} is not among this account&apos;s licenses.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>この日付（{date}）はワールドの今日（{today}）より後です。</source>
        <translation>This date ({date}) is after the world&apos;s today ({today}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>支払日（{paid}）がお申し込み日（{applied}）より前です。</source>
        <translation>The payment date ({paid}) is before the application date ({applied}).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paid は state が paid のお申し込みにだけ指定できます。</source>
        <translation>paid can be given only for an order whose state is paid.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>表示されます</source>
        <translation>listed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>表示されません</source>
        <translation>not listed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last は first 以上にしてください。</source>
        <translation>last must be at least first.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scenario と world はどちらか一方だけを指定してください。</source>
        <translation>Give either scenario or world, not both.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/server/worlds.py" line="+54"/>
        <source>ご指定のワールドが見つかりません（削除されたか、しばらく使われなかったため閉じられました）。</source>
        <translation>The world you asked for was not found (it was deleted, or closed after a while unused).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>このサーバーのワールドは{count}個までです。使い終わったワールドを削除してください。</source>
        <translation>This server holds at most {count} worlds. Please delete the worlds you no longer use.</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <location filename="../../vb_renew/ui/slip/content.py" line="+33"/>
        <source>{year}年{month}月{day}日</source>
        <translation>{year}年{month}月{day}日</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>コンビニ</source>
        <translation>コンビニ</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>払込票。収納企業: {payee}。金額: {amount}円。支払期限: {deadline}。お客さま: {customer}（{address}）。お申し込み番号: {order_number}。払込票番号: {slip_number}。バーコード番号: {barcode}。</source>
        <translation>払込票。収納企業: {payee}。金額: {amount}円。支払期限: {deadline}。お客さま: {customer}（{address}）。お申し込み番号: {order_number}。払込票番号: {slip_number}。バーコード番号: {barcode}。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{product}（{years}年）</source>
        <translation>{product}（{years}年）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>トレンドマイクロ株式会社</source>
        <translation>トレンドマイクロ株式会社</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{family_name} {given_name} 様</source>
        <translation>{family_name} {given_name} 様</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>〒{postal_code}</source>
        <translation>〒{postal_code}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>¥{amount}</source>
        <translation>¥{amount}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{amount}円</source>
        <translation>{amount}円</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>うち消費税等 {tax}円</source>
        <translation>うち消費税等 {tax}円</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/slip/export.py" line="+67"/>
        <source>払込票 {number}（シミュレーション見本）</source>
        <translation>払込票 {number}（シミュレーション見本）</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/slip/painting.py" line="+119"/>
        <source>きりとり線</source>
        <translation>きりとり線</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>領収</source>
        <translation>領収</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>見本</source>
        <translation>見本</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>払込取扱票</source>
        <translation>払込取扱票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>郵便局・ゆうちょ銀行
払込料金 加入者負担</source>
        <translation>郵便局・ゆうちょ銀行
払込料金 加入者負担</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>口座記号番号</source>
        <translation>口座記号番号</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+76"/>
        <source>払込票番号</source>
        <translation>払込票番号</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>加入者名</source>
        <translation>加入者名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>（シミュレーション見本）</source>
        <translation>（シミュレーション見本）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+53"/>
        <location line="+41"/>
        <source>金額</source>
        <translation>金額</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>千百十万千百十円</source>
        <translation>千百十万千百十円</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+47"/>
        <source>（税込）</source>
        <translation>（税込）</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>ご依頼人</source>
        <translation>ご依頼人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>おところ</source>
        <translation>おところ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>おなまえ</source>
        <translation>おなまえ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>電話</source>
        <translation>電話</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>通信欄</source>
        <translation>通信欄</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お申し込み番号: {number}</source>
        <translation>お申し込み番号: {number}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>製品: {product}</source>
        <translation>製品: {product}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>支払期限: {deadline}</source>
        <translation>支払期限: {deadline}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>日附印</source>
        <translation>日附印</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>払込票</source>
        <translation>払込票</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>コンビニエンスストア用</source>
        <translation>コンビニエンスストア用</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+47"/>
        <source>収納企業</source>
        <translation>収納企業</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>（シミュレーション見本：実在の収納口座ではありません）</source>
        <translation>（シミュレーション見本：実在の収納口座ではありません）</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+43"/>
        <source>お客さま</source>
        <translation>お客さま</translation>
    </message>
    <message>
        <location line="-34"/>
        <location line="+36"/>
        <source>支払期限</source>
        <translation>支払期限</translation>
    </message>
    <message>
        <location line="-32"/>
        <location line="+33"/>
        <source>お申し込み番号</source>
        <translation>お申し込み番号</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>・コンビニエンスストアのレジでこの払込票をお出しください。</source>
        <translation>・コンビニエンスストアのレジでこの払込票をお出しください。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>・支払期限を過ぎた払込票、金額を訂正した払込票はお使いいただけません。</source>
        <translation>・支払期限を過ぎた払込票、金額を訂正した払込票はお使いいただけません。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>・お支払い後、受領証（お客さま控え）をお受け取りください。</source>
        <translation>・お支払い後、受領証（お客さま控え）をお受け取りください。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>受領証</source>
        <translation>受領証</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お客さま控え</source>
        <translation>お客さま控え</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>製品</source>
        <translation>製品</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>領収日付印</source>
        <translation>領収日付印</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>この受領証は、お支払いの証明となりますので大切に保管してください。お支払いの確認後、ご登録のメールアドレスにお知らせします。</source>
        <translation>この受領証は、お支払いの証明となりますので大切に保管してください。お支払いの確認後、ご登録のメールアドレスにお知らせします。</translation>
    </message>
    <message>
        <location line="+17"/>
        <location filename="../../vb_renew/ui/slip/view.py" line="+76"/>
        <source>振込用紙はまだ発行されていません。</source>
        <translation>振込用紙はまだ発行されていません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>【シミュレーション見本】vb-renew が作成した見本です。実際のお支払いには使えません。</source>
        <translation>【シミュレーション見本】vb-renew が作成した見本です。実際のお支払いには使えません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ウイルスバスター 契約更新 払込票（コンビニ・郵便局 共用）</source>
        <translation>ウイルスバスター 契約更新 払込票（コンビニ・郵便局 共用）</translation>
    </message>
</context>
<context>
    <name>SlipView</name>
    <message>
        <location filename="../../vb_renew/ui/slip/export.py" line="+47"/>
        <source>保存できませんでした（{detail}）。保存先を確かめてください。</source>
        <translation>Could not save ({detail}). Please check the destination folder.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>払込票_{number}</source>
        <translation>payment-slip_{number}</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+3"/>
        <source>振込用紙を保存</source>
        <translation>Save Payment Slip</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/slip/view.py" line="-16"/>
        <location line="+128"/>
        <source>払込票</source>
        <translation>Payment slip</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>振込用紙（払込票）</source>
        <translation>Payment Slip (振込用紙)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>シミュレーション</source>
        <translation>Simulation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>実際のお支払いは行われません。コンビニエンスストアや郵便局でのお支払いを再現します。</source>
        <translation>No real payment is made. This simulates paying at a convenience store or a post office.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>PDFで保存</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PNGで保存</source>
        <translation>Save as PNG</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>コンビニで支払う</source>
        <translation>Pay at a Convenience Store</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>コンビニで支払う（シミュレーション）</source>
        <translation>Pay at a convenience store (simulation)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>郵便局で支払う</source>
        <translation>Pay at a Post Office</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>郵便局で支払う（シミュレーション）</source>
        <translation>Pay at a post office (simulation)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>お申し込み番号: {number}</source>
        <translation>Order number: {number}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>振込用紙はまだ発行されていません。お申し込みから1～2週間ほどで届きます。</source>
        <translation>The payment slip has not been issued yet. It arrives about 1 to 2 weeks after your application.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{place}でお支払い済みです（{date}）。</source>
        <translation>Paid at the {place} on {date}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>お支払いの確認は {earliest}～{latest} の見込みです。</source>
        <translation> Payment confirmation is expected between {earliest} and {latest}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>支払期限（{deadline}）を過ぎたため、この振込用紙はお使いいただけません。もう一度お申し込みください。</source>
        <translation>The payment deadline ({deadline}) has passed, so this payment slip can no longer be used. Please apply again.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>振込用紙は郵送中です（{issued} 発行）。届いたら、支払期限（{deadline}）までにお支払いください。</source>
        <translation>The payment slip is in the mail (issued {issued}). When it arrives, please pay it by the payment deadline ({deadline}).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>振込用紙が届きました（{delivered}）。支払期限（{deadline}）までに、コンビニエンスストアか郵便局でお支払いください。</source>
        <translation>Your payment slip arrived on {delivered}. Please pay it at a convenience store or a post office by the payment deadline ({deadline}).</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>PDF ファイル (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PNG 画像 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
</context>
<context>
    <name>StartupFailure</name>
    <message>
        <location filename="../../vb_renew/ui/startup_failure.py" line="+30"/>
        <source>データファイルが壊れているため、読み込めませんでした。ファイルは変更も削除もしていません。</source>
        <translation>The data file is damaged and could not be read. The file has not been changed or deleted.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>このデータファイルは新しいバージョンのアプリで作成されたため、このバージョンでは開けません。ファイルは変更していません。</source>
        <translation>This data file was created by a newer version of the app and cannot be opened by this version. The file has not been changed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>データファイルが読み取り専用のため、書き込めません。ファイルは変更していません。</source>
        <translation>The data file is read-only and cannot be written to. The file has not been changed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>データファイルを読み込む権限がありません。ファイルは変更していません。</source>
        <translation>You do not have permission to read the data file. The file has not been changed.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>データファイルのフォルダーを作成できないか、フォルダーに書き込めません。</source>
        <translation>The data file&apos;s folder cannot be created or cannot be written to.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>フォルダーの書き込み権限を確認してから、アプリを起動し直してください。</source>
        <translation>Please check that the folder can be written to, then restart the app.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>「別名で保存して新しく始める」を選ぶと、このファイルを同じフォルダーに「{name}.broken-日付-時刻」という名前で残し、新しいデータで始めます。元のデータは削除されません。</source>
        <translation>If you choose &quot;Rename and Start Fresh&quot;, this file is kept in the same folder as &quot;{name}.broken-date-time&quot; and the app starts with new data. Your original data is not deleted.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>新しいバージョンのアプリをお持ちの場合は、そちらで開くこともできます。</source>
        <translation>If you have a newer version of the app, you can also open the file with it.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ファイルの読み取り専用を解除してから、アプリを起動し直すこともできます。</source>
        <translation>You can also make the file writable and then restart the app.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ファイルのアクセス権を確認してから、アプリを起動し直すこともできます。</source>
        <translation>You can also check the file&apos;s permissions and then restart the app.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>データファイルを開けませんでした</source>
        <translation>Could Not Open the Data File</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>別名で保存して新しく始める</source>
        <translation>Rename and Start Fresh</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ファイル: {path}</source>
        <translation>File: {path}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>別名で保存しています…</source>
        <translation>Renaming the data file…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>新しく始めました</source>
        <translation>Started Fresh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>元のデータファイルは「{name}」という名前で同じフォルダーに残しました。</source>
        <translation>The original data file was kept in the same folder as &quot;{name}&quot;.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>別名で保存できませんでした。ファイルが他のプログラムで使われていないか、フォルダーに書き込めるかを確認してください。</source>
        <translation>The data file could not be renamed. Please check that no other program is using it and that the folder can be written to.</translation>
    </message>
</context>
<context>
    <name>Waiting</name>
    <message>
        <location filename="../../vb_renew/ui/order_status.py" line="+42"/>
        <source>申込完了</source>
        <translation>Order placed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙発送</source>
        <translation>Payment slip mailed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙到着</source>
        <translation>Payment slip arrived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い</source>
        <translation>Payment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>入金確認</source>
        <translation>Payment confirmation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>有効期限延長</source>
        <translation>Expiration date extended</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い期限切れ</source>
        <translation>Payment deadline passed</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{product} {years}年</source>
        <translation>{product} ({years}-year)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>お申し込みを受け付けました</source>
        <translation>Your order has been received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙を発送する準備をしています。</source>
        <translation>We are preparing to mail your payment slip. </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、あらかじめご了承ください。</source>
        <translation>Please allow about 1 to 2 weeks for the payment slip to arrive.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>振込用紙を発送しました</source>
        <translation>Your payment slip has been mailed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>振込用紙が届くまでお待ちください。届いたら、コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施します。</source>
        <translation>Please wait for the payment slip to arrive. When it arrives, pay it at a convenience store or a post office.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>振込用紙が届きました</source>
        <translation>Your payment slip has arrived</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施します。</source>
        <translation>Please pay at a convenience store or a post office. </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お支払い期限は {deadline} です。</source>
        <translation>The payment deadline is {deadline}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{place}でのお支払い（{paid_on}）を受け付けました。入金確認までの期間は下の表のとおりです。</source>
        <translation>Your payment ({place}, {paid_on}) has been received. The table below shows how long payment confirmation takes.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>入金確認の予定：{first} ~ {last} ごろ</source>
        <translation>Payment confirmation expected: around {first} – {last}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ご入金の確認をお待ちください</source>
        <translation>Please wait for payment confirmation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ご入金を確認しました</source>
        <translation>Your payment has been confirmed</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>有効期限を延長しています。しばらくお待ちください。</source>
        <translation>Extending your expiration date. Please wait a moment.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+17"/>
        <source>契約更新が完了しました</source>
        <translation>Your renewal is complete</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>有効期限が延長されていれば、契約更新は完了です。そのままご使用ください。</source>
        <translation>Once the expiration date has been extended, the renewal is complete. Please continue using the product as before.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>更新手続きが完了すると、トレンドマイクロアカウントにご登録のメールアドレス宛に手続き完了のメールをお送りします。</source>
        <translation>When the renewal is complete, we send a confirmation email to the email address registered in your Trend Micro Account.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+15"/>
        <source>振込用紙のお支払い期限が過ぎました</source>
        <translation>The payment slip&apos;s deadline has passed</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>振込用紙の有効期限（発行から2か月、{deadline}まで）を過ぎたため、このお申し込みは無効になりました。契約を更新するには、もう一度お申し込みください。</source>
        <translation>The payment slip was valid for 2 months from its issue (until {deadline}), so this order is no longer valid. To renew, please apply again.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>有効期限が {date} まで延長されました。</source>
        <translation>Your expiration date has been extended to {date}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>お申し込み（{number}）は無効になりました。もう一度お申し込みください。</source>
        <translation>Order {number} is no longer valid. Please apply again.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{first} ~ {last} ごろ（予定）</source>
        <translation>Around {first} – {last} (expected)</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>現在の状況: {step}</source>
        <translation>Current status: {step}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{step}: {date}</source>
        <translation>{step}: {date}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>お支払い期限 {deadline}</source>
        <translation>Pay by {deadline}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>入金確認後、自動で延長</source>
        <translation>Extended automatically after payment confirmation</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>振込用紙(コンビニエンスストア)</source>
        <translation>Payment slip (convenience store)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>当日 ~ 5 日程度</source>
        <translation>Same day to about 5 days</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>振込用紙(郵便局)</source>
        <translation>Payment slip (post office)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>翌日 ~ 10 日程度</source>
        <translation>Next day to about 10 days</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{place}で {paid_on} にお支払い：入金確認は {first} ~ {last} ごろの予定です（シミュレーション上の日付）。</source>
        <translation>Paid on {paid_on} ({place}): payment confirmation is expected around {first} – {last} (simulated dates).</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/waiting.py" line="+99"/>
        <source>ウイルスバスター クラウド</source>
        <translation>ウイルスバスター クラウド</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+44"/>
        <location line="+188"/>
        <source>お申し込み状況</source>
        <translation>Order Status</translation>
    </message>
    <message>
        <location line="-184"/>
        <location line="+154"/>
        <source>サーバーに接続できません。自動的に再試行します。</source>
        <translation>Cannot connect to the server. Retrying automatically.</translation>
    </message>
    <message>
        <location line="-132"/>
        <source>お手続きの状況</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>入金確認までの期間</source>
        <translation>Time Until Payment Confirmation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ご入金が確認でき次第、ご利用端末の有効期限は自動で延長されます。</source>
        <translation>As soon as your payment is confirmed, the expiration date on your devices will be extended automatically.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>有効期限がメイン画面に反映されない場合</source>
        <translation>If the main screen does not show the new expiration date</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>次の点をご確認ください。
・［メイン画面の表示を更新する］をクリックして、有効期限を読み込み直してください。
・パソコンがインターネットに接続されていることを確認してください。
・製品を終了してもう一度起動するか、パソコンを再起動してください。
・それでも反映されない場合は、お申し込み番号をお手元にご用意のうえ、サポート窓口へお問い合わせください。</source>
        <translation>Please check the following.
• Click [Refresh Main Screen] to reload the expiration date.
• Make sure your computer is connected to the internet.
• Quit the product and start it again, or restart your computer.
• If the date still does not change, have your order number at hand and contact support.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>メイン画面の表示を更新する</source>
        <translation>Refresh Main Screen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>シミュレーション：日付はシミュレーション上の日付です。状況はサーバーに自動で問い合わせて更新します。</source>
        <translation>Simulation: the dates are simulated dates. The status is updated automatically from the server.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>メイン画面に戻る</source>
        <translation>Back to Main Screen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>振込用紙を表示</source>
        <translation>Show Payment Slip</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>もう一度申し込む</source>
        <translation>Apply Again</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>お申し込み番号 {number}&#x3000;{products}&#x3000;{amount}</source>
        <translation>Order number {number}  ·  {products}  ·  {amount}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>新しい有効期限：{date}</source>
        <translation>New expiration date: {date}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>契約更新の完了</source>
        <translation>Renewal Complete</translation>
    </message>
</context>
<context>
    <name>Wizard</name>
    <message>
        <location filename="../../vb_renew/ui/style.py" line="-59"/>
        <source>{years}年版</source>
        <translation>{years}-year</translation>
    </message>
</context>
<context>
    <name>WizardComplete</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/confirm_page.py" line="+194"/>
        <source>お申し込み完了</source>
        <translation>Order Complete</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>お申し込み番号</source>
        <translation>Order number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お支払い金額</source>
        <translation>Payment amount</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>新しい有効期限</source>
        <translation>New expiration date</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>更新の手続きは終了となります。ご登録のメールアドレス宛にお申し込み完了のお知らせメールが送信されます。</source>
        <translation>This completes the renewal procedure. A confirmation email for your order will be sent to your registered email address.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>振込用紙が到着するまでに「 1 ~ 2 週間ほど」お時間をいただいておりますので、あらかじめご了承ください。</source>
        <translation>Please allow about 1 to 2 weeks for the payment slip to arrive.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>お早めに更新手続きをご希望の場合、クレジットカード決済、またはかんたんコンビニ決済をご利用ください。</source>
        <translation>If you would like to renew sooner, please pay by credit card or with easy convenience-store payment.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>振込用紙が届いたら、コンビニエンスストア、もしくは郵便局でお支払いの手続きを実施してください。ご入金が確認でき次第、ご利用端末の有効期限は自動で延長されます。</source>
        <translation>When the payment slip arrives, please pay it at a convenience store or a post office. As soon as your payment is confirmed, the expiration date on your devices will be extended automatically.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>メイン画面に戻る</source>
        <translation>Back to Main Screen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>送信先: {email}</source>
        <translation>Sent to: {email}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>クレジットカード（****{last4}）でのお支払いが完了しました。振込用紙の送付はありません。有効期限はすでに延長されています。</source>
        <translation>Your payment by credit card (****{last4}) is complete. No payment slip will be sent. Your expiration date has already been extended.</translation>
    </message>
</context>
<context>
    <name>WizardConfirm</name>
    <message>
        <location line="-197"/>
        <source>お申し込み内容の確認</source>
        <translation>Review Your Order</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お申し込みの内容とお支払方法の内容をご確認ください。</source>
        <translation>Please check your order details and payment details.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>再試行</source>
        <translation>Retry</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>お申し込みの内容</source>
        <translation>Order Details</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>お支払方法の内容</source>
        <translation>Payment Details</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>お支払方法</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+37"/>
        <source>クレジットカード</source>
        <translation>Credit card</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ご住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>メールアドレス</source>
        <translation>Email address</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>個人情報の取り扱い</source>
        <translation>Handling of Personal Information</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>個人情報の取り扱いをご確認のうえ、［同意して、お申し込み内容を完了する］をクリックしてください。</source>
        <translation>Please read the Handling of Personal Information, then click [Agree and Complete Order].</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>個人情報の取り扱いを読み込んでいます…</source>
        <translation>Loading the Handling of Personal Information…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>同意して、お申し込み内容を完了する</source>
        <translation>Agree and Complete Order</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>振込用紙</source>
        <translation>Payment slip</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>****{last4}（名義: {holder}）</source>
        <translation>****{last4} (cardholder: {holder})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{family} {given}（{family_kana} {given_kana}）</source>
        <translation>{family} {given} ({family_kana} {given_kana})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>〒{postal} {prefecture}{city}{line} {building}</source>
        <translation>{postal} {prefecture} {city} {line} {building}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>お申し込みを送信できませんでした。</source>
        <translation>Your order could not be sent.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>［再試行］をクリックすると、同じお申し込みをもう一度送信します（二重に申し込まれることはありません）。</source>
        <translation>Click [Retry] to send the same order again (it will not be placed twice).</translation>
    </message>
</context>
<context>
    <name>WizardForms</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/card_form.py" line="+34"/>
        <location line="+2"/>
        <source>カード番号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>例）4242 4242 4242 4242</source>
        <translation>e.g. 4242 4242 4242 4242</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>有効期限（月）</source>
        <translation>Expiration month</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>有効期限（年）</source>
        <translation>Expiration year</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+4"/>
        <location line="+23"/>
        <source>年</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>月 /</source>
        <translation>/</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>有効期限</source>
        <translation>Expiration date</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>セキュリティコード</source>
        <translation>Security code</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>例）123</source>
        <translation>e.g. 123</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+1"/>
        <source>カード名義</source>
        <translation>Cardholder name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>例）TARO YAMADA</source>
        <translation>e.g. TARO YAMADA</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>【シミュレーション】このページのクレジットカード決済は模擬的なものです。実在のカード番号は入力しないでください。次のテスト用カード番号をご利用いただけます（有効期限は未来の年月、セキュリティコードは任意の3桁）。
・{accepted}: 決済が承認されます
・{declined}: カードが利用できません（拒否）
・{bad_code}: セキュリティコードが正しくありません</source>
        <translation>[Simulation] Credit card payment on this page is simulated. Do not enter a real card number. You can use these test card numbers (expiration date: any future month; security code: any 3 digits).
• {accepted}: the payment is approved
• {declined}: the card is declined
• {bad_code}: the security code is wrong</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/wizard/customer_form.py" line="+38"/>
        <source>建物名（任意）</source>
        <translation>Building (optional)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例）山田</source>
        <translation>e.g. Yamada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例）太郎</source>
        <translation>e.g. Taro</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>「お名前」は不要で、「会社名」だけの入力をご希望の場合、「お名前」欄に「会社名」を (姓) と (名) に分けて入力してください。「お名前」がなくても、郵送物が届く場合に限ります。</source>
        <translation>If you want to enter only a company name and no personal name, split the company name across the Family name and Given name fields. Do this only if mail reaches you without a personal name.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(例) お名前 (姓) :トレンドマイクロ</source>
        <translation>(e.g.) Family name: Trend Micro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(例) お名前 (名) :株式会社</source>
        <translation>(e.g.) Given name: Inc.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>例）ヤマダ</source>
        <translation>e.g. ヤマダ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例）タロウ</source>
        <translation>e.g. タロウ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>例）160-0023</source>
        <translation>e.g. 160-0023</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>選択してください</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>例）新宿区西新宿</source>
        <translation>e.g. Shinjuku-ku Nishi-Shinjuku</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>例）6-10-1</source>
        <translation>e.g. 6-10-1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例）アイランドタワー 10階</source>
        <translation>e.g. Island Tower 10F</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例）03-1234-5678</source>
        <translation>e.g. 03-1234-5678</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>例）taro@example.co.jp</source>
        <translation>e.g. taro@example.co.jp</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>住所を検索しています…</source>
        <translation>Looking up the address…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>該当する住所が見つかりませんでした。住所を入力してください。</source>
        <translation>No address was found for this postal code. Please enter your address.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>郵便番号から住所を入力しました。</source>
        <translation>The address was filled in from the postal code.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/wizard/forms.py" line="+38"/>
        <source>必須</source>
        <translation>Required</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>任意</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+161"/>
        <source>振込用紙</source>
        <translation>Payment slip (振込用紙)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>クレジットカード</source>
        <translation>Credit card</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>かんたんコンビニ決済</source>
        <translation>Easy convenience-store payment</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>請求書</source>
        <translation>Invoice</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>アップグレードのお申し込みはクレジットカード決済となります。このシミュレーターのクレジットカード決済は模擬的なもので、実際の請求は発生しません。</source>
        <translation>An upgrade is paid by credit card. Credit card payment in this simulator is simulated: nothing is actually charged.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>このシミュレーターでは「振込用紙」でのお支払いを再現しています。ほかのお支払方法は表示のみで、選択できません。</source>
        <translation>This simulator reproduces payment by payment slip. The other payment methods are shown for reference only and cannot be selected.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>使用許諾契約書をご確認のうえ、お進みください。</source>
        <translation>Please read the License Agreement before you continue.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>使用許諾契約書</source>
        <translation>License Agreement</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>使用許諾契約書を読み込んでいます…</source>
        <translation>Loading the License Agreement…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>使用許諾契約書の内容を確認し、同意します</source>
        <translation>I have read and agree to the License Agreement</translation>
    </message>
</context>
<context>
    <name>WizardPayment</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/payment_pages.py" line="+50"/>
        <source>お申し込み内容の確認とお支払方法の選択</source>
        <translation>Review Your Order and Choose a Payment Method</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>お申し込みの内容</source>
        <translation>Order Details</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>お支払方法の選択</source>
        <translation>Choose a Payment Method</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>クレジットカード情報</source>
        <translation>Credit Card Details</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>お客さま情報（振込用紙の送付先）</source>
        <translation>Customer Information (Where to Send the Payment Slip)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お客さま情報</source>
        <translation>Customer Information</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>使用許諾契約書</source>
        <translation>License Agreement</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>同意して、お申し込み内容を確認する</source>
        <translation>Agree and Review Order</translation>
    </message>
</context>
<context>
    <name>WizardProduct</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/product_page.py" line="+59"/>
        <source>製品の種類と契約更新年数の選択</source>
        <translation>Choose a Product and Renewal Term</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ご希望の製品を選択し、ご希望の年数の［お申し込みはこちら］または［この製品で契約更新する］をクリックしてください。</source>
        <translation>Choose the product you want, then click [Apply Here] or [Renew with This Product] under the term you want.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>シリアル番号 {serial}（ご利用中: {product}、有効期限: {expiry}）</source>
        <translation>Serial number {serial} (current: {product}, expires: {expiry})</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>ご利用中の製品</source>
        <translation>Current Product</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>アップグレード（クレジットカード決済）</source>
        <translation>Upgrade (credit card payment)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>この製品で契約更新する</source>
        <translation>Renew with This Product</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>お申し込みはこちら</source>
        <translation>Apply Here</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{product} {years}年 {price} {caption}</source>
        <translation>{product}, {years}-year, {price}, {caption}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>あと{count}件のシリアル番号について、製品と年数を選択してください。</source>
        <translation>Please choose a product and term for {count} more serial number(s).</translation>
    </message>
</context>
<context>
    <name>WizardSerials</name>
    <message>
        <location filename="../../vb_renew/core/renewal_start.py" line="-16"/>
        <source>このシリアル番号には手続き中のお申し込みがあります。お支払いの完了をお待ちください。</source>
        <translation>This serial number already has an order in progress. Please wait until its payment is complete.</translation>
    </message>
    <message>
        <location filename="../../vb_renew/ui/wizard/serials_page.py" line="+41"/>
        <source>このシリアル番号は現在契約更新できません。</source>
        <translation>This serial number cannot be renewed at the moment.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>契約更新するシリアル番号の選択</source>
        <translation>Choose Serial Numbers to Renew</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+46"/>
        <source>更新したいシリアル番号の［契約更新を申し込む］をクリックしてください。</source>
        <translation>Click [Apply for Renewal] for the serial number you want to renew.</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>複数のシリアル番号をお持ちの場合、［まとめて契約更新を申し込む］をクリックすると、複数のシリアル番号をまとめて更新できます。</source>
        <translation>If you have several serial numbers, click [Apply to Renew All Together] to renew them all at once.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>まとめて契約更新を申し込む</source>
        <translation>Apply to Renew All Together</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>契約更新できるシリアル番号がありません。</source>
        <translation>There is no serial number that can be renewed.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>シリアル番号: {serial}&#x3000;有効期限: {expiry}</source>
        <translation>Serial number: {serial}  Expires: {expiry}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>契約更新を申し込む</source>
        <translation>Apply for Renewal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{serial} の契約更新を申し込む</source>
        <translation>Apply for renewal of {serial}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>お支払い状況を確認する</source>
        <translation>Check Payment Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{serial} のお支払い状況を確認する</source>
        <translation>Check payment status of {serial}</translation>
    </message>
</context>
<context>
    <name>WizardSteps</name>
    <message>
        <location filename="../../vb_renew/ui/wizard/base.py" line="-80"/>
        <source>シリアル番号</source>
        <translation>Serial Numbers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>製品・年数</source>
        <translation>Product &amp; Term</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>お支払方法・お客さま情報</source>
        <translation>Payment &amp; Customer Information</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>クレジットカード・お客さま情報</source>
        <translation>Credit Card &amp; Customer Information</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>確認</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>完了</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{number}. {name}</source>
        <translation>{number}. {name}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>お申し込みの手順</source>
        <translation>Application Steps</translation>
    </message>
</context>
</TS>
