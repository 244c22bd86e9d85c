# 分发（复制到文件夹、发邮件、调用程序）：各渠道的错误，deliver 和 --now 之后的输出，
# status 和 verify 中关于分发的内容，以及配置中 delivery 一节的检查。

## 渠道的错误（也记入台账的 delivery_failed 行）

delivery-folder-not-a-folder = 不是文件夹；处理办法：把该渠道的 folder 指向导入文件夹
delivery-folder-unusable = 分发文件夹无法使用（{ $error }）；处理办法：检查共享目录是否已挂载、服务用户能否写入；程序不会自建该文件夹，以免共享未挂载时文件落到本机磁盘
delivery-folder-name-taken = { $path }：已有另一个同名文件，不会覆盖；处理办法：把该文件移走（或改名），下次运行即会分发
delivery-folder-write-failed = { $path }：复制失败（{ $error }）；处理办法：检查该文件夹的剩余空间和权限；此文件名下没有留下不完整的文件
delivery-command-empty = 该渠道的 command 没有写程序
delivery-command-not-started = { $program }：无法运行（{ $error }）；处理办法：检查路径，以及服务用户是否有执行权限
delivery-command-exit = { $program }：退出状态为 { $code }；其输出见上方日志
delivery-command-signal = { $program }：被信号 { $signal } 终止
delivery-command-timeout = { $program }：{ $seconds } 秒内未结束，已被终止；处理办法：调大该渠道的 timeout_seconds，或查明程序卡住的原因
delivery-password-file-unreadable = { $path }：无法读取 SMTP 密码文件（{ $error }）；处理办法：建立该文件，第一行写密码，属主为服务用户，权限 0600
delivery-password-file-empty = { $path }：SMTP 密码文件是空的；处理办法：在第一行写上密码
delivery-password-env-unset = password_env 指定的环境变量 { $name } 未设置；处理办法：为服务设置该变量（如 systemd 单元中的 Environment= 或 EnvironmentFile=）
delivery-smtp-setup = { $host }：无法建立邮件连接：{ $error }
delivery-bad-address = “{ $address }”不是邮件地址（{ $error }）
delivery-bad-message = 无法生成邮件：{ $error }
delivery-smtp-refused = 发送失败：{ $error }；服务器永久拒收，请核对收件地址
delivery-smtp-failed = 发送失败：{ $error }；稍后重试
delivery-pdf-mismatch = { $path }：PDF 与其著录信息中的 SHA-256 不符，不予分发；处理办法：运行 sw-briefing verify，并从备份中恢复该文件包
delivery-package-unreadable = 无法读取文件包：{ $error }

## 一次分发的结果（deliver、--now）

delivery-busy = 另一个 sw-briefing 进程正在为本档案分发；到期的分发由它或下一次运行完成
delivery-delivered = 已分发：{ $target }
delivery-delivered-duplicate = 已分发：{ $target }（上次发送中断后重发：收件方可能收到两份）
delivery-failed-retry = 分发失败：{ $target }：{ $error }
    　第 { $attempt } 次尝试失败；{ $next } 之后再试；简报仍已存档
delivery-failed-gave-up = 分发失败：{ $target }：{ $error }
    　第 { $attempt } 次尝试失败，已达上限（max_attempts），不再重试；可用 sw-briefing deliver --retry 再试
delivery-given-up = 尝试 { $attempts } 次后已放弃分发：{ $target }
    　处理办法：排除原因后运行 sw-briefing deliver --retry
delivery-stopped = 分发中止：{ $error }
delivery-none-configured = 无需分发：配置中没有 delivery 渠道
delivery-nothing-more = 没有要分发的了：此前已完成 { $done } 项，{ $waiting } 项等待下次重试，{ $given_up } 项已放弃

## 状态（status）

status-deliveries = 分发：
status-deliveries-unreadable = 　无法读取：{ $error }
status-deliveries-delivered = 　已分发：{ $count }
status-deliveries-due = 　待分发：{ $count }
status-deliveries-waiting = 　失败，稍后重试：{ $count }
status-deliveries-waiting-item = 　　{ $target }（已尝试 { $attempts } 次；{ $next } 之后再试）
status-deliveries-given-up = 　失败，已放弃：{ $count }
status-deliveries-given-up-item = 　　{ $target }（已尝试 { $attempts } 次）
status-deliveries-help = 　处理办法：排除原因（地址、服务器、密码、文件夹）后运行 sw-briefing deliver --retry

## 核验（verify）

verify-delivery-unnamed = 第 { $line } 行记录了一次分发，但没有写明文件包、渠道和收件方
verify-delivery-unfiled = 第 { $line } 行记录了 { $package } 的分发，但台账中没有任何一行记录该文件包已存档
verify-delivery-ledger-hint = 台账只能追加：请从备份中恢复，不要手工修改
verify-delivery-given-up = 分发失败：{ $package } 发往 { $recipient }（渠道“{ $channel }”）在尝试 { $attempts } 次后已放弃：{ $error }
verify-delivery-given-up-hint = 排除原因（地址、服务器、密码、文件夹）后运行 sw-briefing deliver --retry

## 配置中的 delivery 一节

config-delivery-problem = 分发渠道“{ $channel }”：{ $message }
config-delivery-name = 名称只能由字母、数字、“-”、“_”或“.”组成
config-delivery-name-hint = 给每个渠道起个简短的名称，如 oa-share 或 mail；台账按这个名称记录分发
config-delivery-name-twice = 名称重复
config-delivery-name-twice-hint = 每个渠道用各自的名称
config-delivery-one-kind = folder、smtp、command 三者必须且只能写一个
config-delivery-one-kind-hint = 一个渠道是一个要复制到的文件夹、一个邮件服务器或一个要调用的程序；每项只写一个渠道
config-delivery-range = { $key } 为 { $value }，应在 { $least } 到 { $most } 之间
config-delivery-range-hint = 写范围内的数，或删去这一行以使用默认值
config-delivery-since = since 为“{ $text }”，不是日期
config-delivery-since-hint = 日期写成 2024-01-01 的形式，或删去这一行
config-delivery-folder-empty = folder 是空的
config-delivery-folder-empty-hint = 写上要把 PDF 复制到的文件夹
config-delivery-command-empty = command 没有写程序
config-delivery-command-empty-hint = 把程序及其参数写成列表，如 [/usr/local/bin/oa-upload, --queue, briefings]；不经过 shell
config-delivery-password = 不从配置文件读取 password
config-delivery-password-hint = 配置文件经手的人多，还会存入版本库：请把密码写进只有服务用户能读的文件，用 password_file 指定；或用 password_env 指定一个环境变量
config-delivery-password-both = 同时写了 password_file 和 password_env
config-delivery-password-both-hint = 只保留其中一个
config-delivery-host = smtp.host 是空的
config-delivery-host-hint = 写上邮件服务器，如 mail.example.gov.cn
config-delivery-from = smtp.from 为“{ $from }”，不是邮件地址
config-delivery-from-hint = 发件人写成 office@example.gov.cn 或 办公室 <office@example.gov.cn>
config-delivery-address = “{ $address }”不是邮件地址
config-delivery-address-hint = 每个收件人写成 name@example.gov.cn 或 名称 <name@example.gov.cn>
config-delivery-region = smtp.regions 中的地区 { $code } 不在 regions 中
config-delivery-region-hint = 在 regions 中加上该地区，或从这里删去
config-delivery-no-recipient = smtp.to 中没有收件地址
config-delivery-no-recipient-hint = 在 to 下列出收件人，或在 regions 下按地区列出
config-delivery-port = smtp.port 为 { $port }；端口应在 1 到 65535 之间
config-delivery-port-hint = 写上服务器的端口，或删去这一行以按 tls 使用常用端口（587、465 或 25）

## deliver 的命令行帮助

cli-deliver-about = 把到期的已存档简报分发到配置的渠道（文件夹、邮件、程序）；每次分发都记入台账，不会重复
cli-deliver-usage = sw-briefing [--config 配置文件] deliver [--retry]
cli-deliver-retry = 同时立即重试失败后等待下次尝试的分发，以及尝试次数已达 max_attempts 而放弃的分发
