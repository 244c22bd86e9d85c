# 服务：`status` 的输出和服务的错误。服务的日志行供机器读取，保持英文，不在这里。

## 状态（status）

status-archive = 档案目录：{ $dir }
status-timezone = 时区：{ $zone }
status-schedules = 计划：
status-schedule = 　{ $name }“{ $cron }”（{ $period ->
        [Month] 月报
        [Quarter] 季报
       *[other] 年报
    }）：下次 { $next }
status-last-run = 上次运行：
status-last-run-ok = 成功
status-last-run-failures = 有失败
status-last-run-line = 　{ $at }：{ $outcome }；已生成 { $made }，等待数据 { $waiting }，失败 { $failed }
status-last-run-partial = 　过了数据截止时间、用已有月份数据生成的：{ $periods }
status-last-run-none = 　无记录
status-future = 警告：服务状态记录的时间晚于现在的时钟（{ $now }）：
status-future-last-run = 　上次运行记录在 { $at }
status-future-missing = 　在数据截止时间到来之前就被记为缺数据的：{ $periods }
status-future-help = 　写入时时钟偏快，或现在时钟偏慢
    　处理办法：检查系统时钟（`timedatectl`）和 SOURCE_DATE_EPOCH；服务下一次运行时会忘掉这些记录，按档案继续（已存档的不会重复生成）；时钟偏快期间存档的文件包保留当时的发文年份（`verify` 会核验）
status-archived = 已归档：
status-archived-region = 　地区 { $region }：{ $periods }
status-none = 无
status-due = 现在到期（已有数据）：{ $list }
status-pending = 等待数据：{ $list }
status-overdue = 已过数据截止时间（下次运行时记为缺数据）：{ $list }
status-missing = 缺数据（截止时仍无数据）：{ $list }
status-too-old = 早于补做期限，不再生成：{ $list }

## 服务的错误

service-already-running = { $path }：已有另一个 sw-briefing 服务在使用这个档案
    　处理办法：先停止它（systemctl stop sw-briefing），或让本服务使用另一个 archive_dir
service-scheduler = 计划任务无法启动：{ $error }
